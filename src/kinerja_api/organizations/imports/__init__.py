"""Bulk import and export of units, positions and employees (CSV/XLSX)."""
