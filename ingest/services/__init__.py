"""Writes of the ingest app: reports, imports, flags and declared levels."""
