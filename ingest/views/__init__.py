"""Views of the ingest app: the admin's daily sheet and uploads, and the staff JSON API."""
