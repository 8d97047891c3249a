"""Beyond the map: posters for notice boards, loudspeaker texts, an embeddable card, a badge and a share image.

Each file is built once per version of the site (a publication, a notice, a text changed) and kept in the cache.
"""

import hashlib

from csp.constants import NONE, SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from areas.models import Area

from .. import outreach, posters
from ..freshness import site_version

FILE_TTL = 24 * 3600


def _sheet_or_404(code: str):
    sheet = outreach.current_sheet(code=code, language=translation.get_language())
    if sheet is None:
        raise Http404(_("Không có địa bàn nào mã “%(code)s”.") % {"code": code[:20]})
    return sheet


def _cached(kind: str, code: str, build) -> bytes:
    """Return the bytes of a file for this version of the site, building them once."""
    version = site_version().token
    key = (
        "outreach:" + hashlib.sha256(repr((kind, code, translation.get_language(), version)).encode()).hexdigest()[:32]
    )
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, FILE_TTL)
    return found


def _file(content: bytes, content_type: str, *, filename: str | None = None, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=300)
    return response


def area_poster(request, code):
    """A4 poster of one commune, district or the province for a notice board."""
    sheet = _sheet_or_404(code)
    pdf = _cached("poster", code, lambda: posters.area_poster_pdf(sheet))
    return _file(pdf, "application/pdf", filename=f"ap-phich-{code}.pdf")


def district_poster(request, code):
    """A4 page of a district listing each of its communes with its level."""
    sheet = _sheet_or_404(code)
    if sheet.area.kind != Area.Kind.DISTRICT:
        raise Http404(_("Áp phích danh sách xã chỉ có cho huyện, thành phố."))
    pdf = _cached("district-poster", code, lambda: posters.district_poster_pdf(sheet))
    return _file(pdf, "application/pdf", filename=f"ap-phich-xa-{code}.pdf")


def loudspeaker(request, code):
    sheet = _sheet_or_404(code)
    text = outreach.loudspeaker_text(sheet)
    context = {"sheet": sheet, "area": sheet.area, "text": text}
    return render(request, "public/outreach/loudspeaker.html", context)


def loudspeaker_txt(request, code):
    sheet = _sheet_or_404(code)
    text = outreach.loudspeaker_text(sheet)
    if text is None:
        raise Http404(_("Chưa có bài phát thanh cho cấp độ này."))
    return _file(text.encode("utf-8"), "text/plain; charset=utf-8", filename=f"phat-thanh-{code}.txt", inline=False)


@xframe_options_exempt
def embed(request, code):
    """A small card made to sit in another site's iframe: no cookies, nothing loaded from elsewhere."""
    sheet = _sheet_or_404(code)
    response = render(request, "public/outreach/embed.html", {"sheet": sheet, "area": sheet.area})
    ancestors = list(settings.EMBED_FRAME_ANCESTORS) or [NONE]
    policy = {
        "frame-ancestors": ancestors,
        "default-src": [NONE],
        "style-src": [SELF],
        "img-src": [SELF],
        "script-src": [NONE],
        "form-action": [NONE],
    }
    patch_cache_control(response, public=True, max_age=300)
    return csp_replace(policy)(lambda _request: response)(request)


def badge(request, code):
    sheet = _sheet_or_404(code)
    svg = _cached("badge", code, lambda: render_to_string("public/outreach/badge.svg", {"sheet": sheet}).encode())
    return _file(svg, "image/svg+xml; charset=utf-8")


def share_image(request, code):
    sheet = _sheet_or_404(code)
    png = _cached("share-image", code, lambda: posters.share_image_png(sheet))
    return _file(png, "image/png")
