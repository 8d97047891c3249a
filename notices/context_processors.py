"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def pinned_notices(request) -> dict:
    """Provide the pinned notices in force as `pinned_notices`, queried only by a page that shows them."""
    return {"pinned_notices": SimpleLazyObject(lambda: selectors.pinned_notices())}
