"""The admin's history pages (django-simple-history) under the same permissions and district scope as the change
page, for every app's models.

simple-history's detail page is a form that saves what is POSTed to it, and SIMPLE_HISTORY_REVERT_DISABLED only
hides its button; its pages also look records up without the admin's queryset. Here a history page is shown only to
whoever may view (or change) the record and reach it in their scope, and a POST is refused outright while revert is
disabled, or else taken only from whoever may change the record now (the save then goes through the model's
service, which checks again).
"""

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

SAFE_METHODS = ("GET", "HEAD")


def revert_disabled() -> bool:
    return bool(getattr(settings, "SIMPLE_HISTORY_REVERT_DISABLED", False))


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    def object_in_scope(self, request, obj) -> bool:
        """Say whether the user works for the record (subclasses limit by district)."""
        return True

    def history_allowed(self, request, obj) -> bool:
        return self.has_view_or_change_permission(request, obj) and self.object_in_scope(request, obj)

    def _live(self, request, object_id):
        """Return the record if it still exists (None if deleted); raise PermissionDenied when out of the user's
        reach, as its change page would."""
        model = self.model
        try:
            obj = model._default_manager.filter(pk=object_id).first()
        except (ValueError, ValidationError):
            raise Http404 from None
        if obj is None:
            return None
        if not self.get_queryset(request).filter(pk=obj.pk).exists() or not self.history_allowed(request, obj):
            raise PermissionDenied
        return obj

    def _history_of(self, object_id):
        return getattr(self.model, self.model._meta.simple_history_manager_attribute).filter(
            **{self.model._meta.pk.attname: object_id}
        )

    def history_view(self, request, object_id, extra_context=None):
        object_id = unquote(object_id)
        if self._live(request, object_id) is None:
            # A deleted record is judged by its last recorded state.
            last = self._history_of(object_id).order_by("-history_date", "-history_id").first()
            if last is None:
                raise Http404
            if not self.history_allowed(request, last.instance):
                raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        writes = request.method not in SAFE_METHODS
        if writes and revert_disabled():
            raise PermissionDenied
        object_id = unquote(object_id)
        record = (
            self._history_of(object_id).filter(history_id=version_id).first() if str(version_id).isdigit() else None
        )
        if record is None:
            raise Http404
        # Both the version shown and the record as it stands must be within reach.
        if not self.history_allowed(request, record.instance):
            raise PermissionDenied
        live = self._live(request, object_id)
        if writes and (live is None or not self.has_change_permission(request, live)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
