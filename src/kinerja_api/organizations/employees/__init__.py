"""Employees (pegawai): directory, assignments, acting officials, appraisers, own profile."""
