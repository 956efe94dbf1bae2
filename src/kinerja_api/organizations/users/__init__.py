"""Accounts of an organization's people, administered by its admins."""
