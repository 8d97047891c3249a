"""Files drawn from an area's sheet: A4 posters (WeasyPrint) with a QR code (qrcode), and the share image (Pillow).

Posters must read in black and white as well as in colour: the level is always written in words and as a number,
the colour block only repeats it.
"""

import io
import math

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from PIL import Image, ImageDraw, ImageFont

from areas.models import Area
from notices.markup import render_markdown
from risk.engine.levels import Level

from . import selectors
from .outreach import AreaSheet

SHARE_SIZE = (1200, 630)
# Debian's fonts-dejavu-core (a system package the Makefile installs): it covers Vietnamese.
FONT_FILES = {
    "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}


def qr_svg(url: str) -> str:
    """Return an SVG QR code of url (black on white, quiet zone kept for print)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    return image.to_string(encoding="unicode")


def _pdf(template: str, context: dict) -> bytes:
    # WeasyPrint loads Pango and its fonts: only the processes that draw a poster pay for it.
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def area_poster_pdf(sheet: AreaSheet) -> bytes:
    context = {
        "sheet": sheet,
        "qr": mark_safe(qr_svg(sheet.url)),
        "hotlines": mark_safe(render_markdown(sheet.hotlines)) if sheet.hotlines else "",
        "printed_at": timezone.localtime(),
    }
    return _pdf("public/outreach/poster.html", context)


def district_poster_pdf(sheet: AreaSheet) -> bytes:
    levels = selectors.levels_of(sheet.publication)
    labels = {int(level): level.badge(sheet.language) for level in Level}
    communes = []
    for commune in selectors.children_of(sheet.area, day=timezone.localdate()):
        level = levels.level_of(commune)
        communes.append({"area": commune, "level": level, "label": labels.get(level, "")})
    context = {
        "sheet": sheet,
        "communes": communes,
        "levels": [{"number": int(level), "colour": level.colour} for level in Level],
        "qr": mark_safe(qr_svg(sheet.url)),
        "printed_at": timezone.localtime(),
    }
    return _pdf("public/outreach/district_poster.html", context)


# ── Share image ──────────────────────────────────────────────────────────────────────────────────────────────


def _font(weight: str, size: int):
    try:
        return ImageFont.truetype(FONT_FILES[weight], size)
    except OSError:
        return ImageFont.load_default(size=size)


def _rings(area: Area):
    """Return the outer rings of the area's display geometry (lon, lat pairs), or none."""
    found = Area.objects.filter(pk=area.pk).values_list("display_geometry", "geometry").first()
    geometry = (found[0] or found[1]) if found else None
    if geometry is None:
        return []
    return [polygon[0] for polygon in geometry.coords]


def _draw_shape(draw: ImageDraw.ImageDraw, rings, box: tuple[int, int, int, int], fill: str) -> None:
    if not rings:
        return
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    # Longitude shrinks with latitude: scale x so that the shape is not stretched.
    stretch = math.cos(math.radians((min(ys) + max(ys)) / 2))
    width, height = max((max(xs) - min(xs)) * stretch, 1e-9), max(max(ys) - min(ys), 1e-9)
    left, top, right, bottom = box
    scale = min((right - left) / width, (bottom - top) / height)
    offset_x = left + ((right - left) - width * scale) / 2
    offset_y = top + ((bottom - top) - height * scale) / 2
    for ring in rings:
        points = [(offset_x + (x - min(xs)) * stretch * scale, offset_y + (max(ys) - y) * scale) for x, y in ring]
        draw.polygon(points, fill=fill, outline="#1a1a1a", width=3)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def share_image_png(sheet: AreaSheet) -> bytes:
    """Return the 1200×630 preview: the area's shape on the left, the level's colour and words on the right."""
    image = Image.new("RGB", SHARE_SIZE, sheet.colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 520, SHARE_SIZE[1]), fill="#f4f4f1")
    _draw_shape(draw, _rings(sheet.area), (40, 40, 480, 590), sheet.colour)
    ink = "#111111"
    x, y, width = 570, 60, 590
    for line in _wrap(draw, sheet.area.name, _font("bold", 64), width)[:2]:
        draw.text((x, y), line, font=_font("bold", 64), fill=ink)
        y += 78
    y += 20
    if sheet.level:
        draw.text((x, y), sheet.short, font=_font("bold", 96), fill=ink)
        y += 120
        for line in _wrap(draw, sheet.label, _font("bold", 52), width)[:2]:
            draw.text((x, y), line, font=_font("bold", 52), fill=ink)
            y += 64
        if sheet.since:
            since = ("since " if sheet.language == "en" else "từ ngày ") + sheet.since.strftime("%d/%m/%Y")
            draw.text((x, y + 10), since, font=_font("regular", 36), fill=ink)
    draw.text((x, 560), "covidmaps · Lạng Sơn", font=_font("regular", 30), fill=ink)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
