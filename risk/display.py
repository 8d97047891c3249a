"""How levels and reasons read in the admin: labels by level and by tag, reasons as a list."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

LEVEL_LABELS = {
    1: _("Bình thường mới"),
    2: _("Nguy cơ"),
    3: _("Nguy cơ cao"),
    4: _("Nguy cơ rất cao"),
}
# What a reason's tag says about its source, in the admin and on the public pages alike.
TAG_LABELS = {
    "V": _("Nguyên văn Quyết định"),
    "S": _("Diễn giải chính thức của cơ quan thông tấn"),
    "I": _("Cách hiểu của tỉnh (một tham số có thể điều chỉnh)"),
    "override": _("Quyết định của cơ quan có thẩm quyền"),
}


def level_label(level: int | None) -> str:
    if level is None:
        return "—"
    return f"{level} – {LEVEL_LABELS.get(level, level)}"


def level_badge(level: int | None) -> str:
    """The level as a coloured chip that also carries the number and label (colour is never alone)."""
    if level is None:
        return format_html('<span class="risk-level risk-level-none">{}</span>', _("chưa công bố"))
    return format_html('<span class="risk-level risk-level-{}">{}</span>', level, level_label(level))


def reasons_html(reasons: list[dict]) -> str:
    if not reasons:
        return "—"
    return format_html(
        '<ul class="risk-reasons">{}</ul>',
        format_html_join(
            "",
            '<li>{} <span class="risk-tag" title="{}">[{}]</span></li>',
            ((r.get("text", ""), TAG_LABELS.get(r.get("tag"), r.get("tag", "")), r.get("tag", "")) for r in reasons),
        ),
    )
