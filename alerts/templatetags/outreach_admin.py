"""The editor's admin home: what the latest publication changed, with what to send to the districts."""

from django import template
from django.urls import reverse

from notices.level_changes import level_changes
from notices.models import Notice
from risk.models import Publication

register = template.Library()
SHOWN = 60


@register.inclusion_tag("admin/outreach_changes.html", takes_context=True)
def latest_publication_changes(context):
    user = context["request"].user
    if not user.has_perm("notices.view_notice"):
        return {"shown": False}
    publication = Publication.objects.order_by("-published_at", "-pk").first()
    if publication is None:
        return {"shown": False}
    changes = level_changes(publication)
    notice = Notice.objects.filter(source_publication=publication).order_by("-pk").first()
    rows = [
        {
            "change": change,
            "area_url": reverse("area", args=[change.area.code]),
            "poster_url": reverse("area-poster", args=[change.area.code]),
            "district_poster_url": (
                reverse("area-district-poster", args=[change.area.code]) if change.area.kind == "district" else None
            ),
            "loudspeaker_url": reverse("area-loudspeaker", args=[change.area.code]),
            "loudspeaker_txt_url": reverse("area-loudspeaker-txt", args=[change.area.code]),
        }
        for change in changes[:SHOWN]
    ]
    return {
        "shown": True,
        "publication": publication,
        "rows": rows,
        "more": max(0, len(changes) - SHOWN),
        "notice": notice,
        "notice_url": reverse("admin:notices_notice_change", args=[notice.pk]) if notice else None,
    }
