"""Signals the risk app sends; apps downstream connect to them instead of being imported from here."""

from django.dispatch import Signal

# Sent once the transaction that published levels has committed; kwargs: publication, changed (bool).
levels_published = Signal()
