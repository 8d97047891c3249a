"""RSS and Atom feeds of one area: each published change of its level, of its district's and of the province's,
and the notices that concern it, each with an id that never changes."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from areas.models import Area
from notices.selectors import area_and_ancestors, level_label, public_notices
from risk.models import PublishedLevel

FEED_SIZE = 40
TAG_AUTHORITY = "covidmaps.langson.gov.vn,2021"


def area_for_feed(code: str) -> Area:
    area = (
        Area.objects.valid_on(timezone.localdate())
        .filter(code=code, external=False)
        .select_related("parent__parent")
        .defer("geometry", "display_geometry")
        .first()
    )
    if area is None:
        raise Http404(_("Không có địa bàn nào mã “%(code)s”.") % {"code": code[:20]})
    return area


def level_changes_of(areas: list[Area], *, limit: int) -> list[PublishedLevel]:
    """Return the published rows of these areas whose level differs from the area's previous published level."""
    rows = (
        PublishedLevel.objects.filter(area__in=areas, publication__published_at__lte=timezone.now())
        .select_related("publication", "area")
        .defer("area__geometry", "area__display_geometry")
        .order_by("area_id", "publication__effective_at", "publication_id")
    )
    changes, last = [], {}
    for row in rows:
        if last.get(row.area_id) != row.level:
            changes.append(row)
        last[row.area_id] = row.level
    changes.sort(key=lambda r: (r.publication.effective_at, r.publication_id), reverse=True)
    return changes[:limit]


class AreaRssFeed(Feed):
    def get_object(self, request, code):
        return area_for_feed(code)

    def title(self, area):
        return _("Mức độ nguy cơ COVID-19 – %(name)s") % {"name": area.name}

    def link(self, area):
        return reverse("area", args=[area.code])

    def description(self, area):
        return _("Các lần thay đổi cấp độ của %(name)s, của huyện và của tỉnh, và các thông báo liên quan.") % {
            "name": area.name
        }

    def items(self, area):
        levels = level_changes_of(area_and_ancestors(area), limit=FEED_SIZE)
        notices = list(public_notices(area=area)[:FEED_SIZE])
        items = [("level", row, row.publication.published_at) for row in levels]
        items += [("notice", notice, notice.publish_at) for notice in notices]
        items.sort(key=lambda item: item[2], reverse=True)
        return items[:FEED_SIZE]

    def item_title(self, item):
        kind, obj, _when = item
        if kind == "level":
            return _("%(name)s: mức %(level)s – %(label)s từ %(day)s") % {
                "name": obj.area.name,
                "level": obj.level,
                "label": level_label(obj.level),
                "day": timezone.localtime(obj.publication.effective_at).strftime("%H:%M %d/%m/%Y"),
            }
        return f"[{_('Đã thu hồi')}] {obj.title}" if obj.is_withdrawn else obj.title

    def item_description(self, item):
        kind, obj, _when = item
        if kind == "level":
            return _("Cấp độ công bố theo số liệu đến ngày %(data)s, có hiệu lực từ %(at)s.") % {
                "data": obj.publication.data_date.strftime("%d/%m/%Y"),
                "at": timezone.localtime(obj.publication.effective_at).strftime("%H:%M %d/%m/%Y"),
            }
        return obj.summary or obj.title

    def item_link(self, item):
        kind, obj, _when = item
        if kind == "level":
            return f"{reverse('area', args=[obj.area.code])}?ngay={timezone.localdate(obj.publication.effective_at):%Y-%m-%d}"
        return reverse("notices:detail", args=[obj.slug])

    def item_guid(self, item):
        kind, obj, _when = item
        if kind == "level":
            return f"tag:{TAG_AUTHORITY}:level/{obj.publication_id}/{obj.area.code}"
        return f"tag:{TAG_AUTHORITY}:notice/{obj.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[2]

    def item_updateddate(self, item):
        kind, obj, when = item
        if kind == "notice":
            return obj.withdrawn_at or max(obj.updated_at, obj.publish_at)
        return when

    def item_author_name(self, item):
        return "Sở Y tế tỉnh Lạng Sơn" if item[0] == "level" else "Sở Thông tin và Truyền thông tỉnh Lạng Sơn"


class AreaAtomFeed(AreaRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, area):
        return self.description(area)
