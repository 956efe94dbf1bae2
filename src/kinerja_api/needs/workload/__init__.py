"""Workload analysis (analisis beban kerja, ABK)."""
