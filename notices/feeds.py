"""RSS and Atom feeds of the public notices, optionally for one area (?khu-vuc=<code>)."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from . import selectors
from .models import Notice

FEED_SIZE = 30
PUBLISHER = "Sở Thông tin và Truyền thông tỉnh Lạng Sơn"


class NoticeRssFeed(Feed):
    # Notices are written in Vietnamese whatever the interface language.
    language = "vi"

    def get_object(self, request, *args, **kwargs):
        code = request.GET.get("khu-vuc", "").strip()
        if not code:
            return None
        area = selectors.area_by_code(code)
        if area is None:
            raise Http404(_("Không có địa bàn mã %(code)s.") % {"code": code})
        return area

    def title(self, area):
        title = _("Thông báo phòng, chống dịch COVID-19 tỉnh Lạng Sơn")
        return f"{title} – {area.name}" if area else title

    def link(self, area):
        url = reverse("notices:list")
        return f"{url}?{urlencode({'khu-vuc': area.code})}" if area else url

    def description(self, area):
        return _("Thông báo của Sở Thông tin và Truyền thông về mức độ nguy cơ và các biện pháp phòng, chống dịch.")

    def author_name(self):
        return PUBLISHER

    def items(self, area):
        return selectors.public_notices(area=area)[:FEED_SIZE]

    def item_title(self, notice: Notice):
        return f"[{_('Đã thu hồi')}] {notice.title}" if notice.is_withdrawn else notice.title

    def item_description(self, notice: Notice):
        parts = []
        if notice.is_withdrawn:
            parts.append(
                f"<p><strong>{escape(_('Thông báo này đã bị thu hồi.'))}</strong> {escape(notice.withdrawal_reason)}</p>"
            )
        if notice.summary:
            parts.append(f"<p>{escape(notice.summary)}</p>")
        # body_html was sanitised when the notice was saved.
        parts.append(notice.body_html)
        return "\n".join(parts)

    def item_link(self, notice: Notice):
        return reverse("notices:detail", args=[notice.slug])

    def item_pubdate(self, notice: Notice):
        return notice.publish_at

    def item_updateddate(self, notice: Notice):
        return notice.withdrawn_at or max(notice.updated_at, notice.publish_at)

    def item_author_name(self, notice: Notice):
        return PUBLISHER

    def item_categories(self, notice: Notice):
        return [area.name for area in notice.areas.all()]


class NoticeAtomFeed(NoticeRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, area):
        return self.description(area)
