"""Reports: official documents as PDF, dashboards and exports, read from the other domains."""
