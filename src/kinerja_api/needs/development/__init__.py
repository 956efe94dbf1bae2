"""Competencies, gaps and development plans (pengembangan kompetensi)."""
