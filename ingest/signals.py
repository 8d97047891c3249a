"""What the ingest app tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent once a write that recorded DataChange rows has committed; the receivers take the rows (risk recomputes).
data_changed = Signal()
