"""kinerja_api: performance management for Indonesian civil servants (ASN)."""

__version__ = "0.1.0"
