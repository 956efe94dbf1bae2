"""The integration domain's named errors (service accounts, results feed).

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from kinerja_api.core.errors import Conflict, Unauthorized


class InvalidClient(Unauthorized):
    code = "invalid_client"


class ServiceAccountNameTaken(Conflict):
    code = "service_account_name_taken"


class ServiceAccountRevoked(Conflict):
    code = "service_account_revoked"
