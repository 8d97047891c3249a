"""The engine's reasons as the public reads them, in the page's language, from the figures the engine stored.

Each rule's sentence is a catalogue entry with named figures (msgid in Vietnamese, English in the catalogue), so
that no field name, parameter name or English word reaches a Vietnamese page, nor Vietnamese an English one.
A reason stored before its rule wrote these figures falls back to the engine's own sentence on Vietnamese pages
and to the rule's public clause on English ones.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from risk.engine.clauses_2686 import CLAUSES

from .templatetags.public import level_label

MAX_NAMES = 5


def _number(value, decimals: int = 2) -> str:
    english = translation.get_language() == "en"
    value = float(value)
    if value.is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text if english else text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _percent(share) -> str:
    return f"{_number(round(float(share) * 100, 1), 1)}%"


def _day(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _names(names: list[str], unit: str | None = None) -> str:
    shown = ", ".join(names[:MAX_NAMES])
    rest = len(names) - MAX_NAMES
    if rest <= 0:
        return shown
    return ngettext("%(names)s và %(rest)s địa bàn khác", "%(names)s và %(rest)s địa bàn khác", rest) % {
        "names": shown,
        "rest": rest,
    }


def _window(f: dict) -> str:
    return _("%(days)s ngày (%(start)s–%(end)s)") % {"days": f["days"], "start": _day(f["from"]), "end": _day(f["to"])}


def _units(unit: str, count: int) -> str:
    if unit == "commune":
        return ngettext("xã", "xã", count)
    return ngettext("huyện", "huyện", count)


def _flag(text: str, f: dict) -> str:
    return _("%(text)s (đánh giá của ngành y tế, hiệu lực %(start)s–%(end)s)") % {
        "text": text,
        "start": _day(f["from"]),
        "end": _day(f["to"]),
    }


def _rate(f: dict) -> str:
    values = {"cases": f["cases"], "window": _window(f), "threshold": _number(f["threshold"])}
    if f.get("rate") is None:
        return (
            ngettext(
                "Có %(cases)s ca F0 trong cộng đồng đã xác định được nguồn lây trong %(window)s, vượt tỷ lệ "
                "%(threshold)s/100.000 người",
                "Có %(cases)s ca F0 trong cộng đồng đã xác định được nguồn lây trong %(window)s, vượt tỷ lệ "
                "%(threshold)s/100.000 người",
                f["cases"],
            )
            % values
        )
    return ngettext(
        "Có %(cases)s ca F0 trong cộng đồng đã xác định được nguồn lây trong %(window)s, tức %(rate)s ca/100.000 dân "
        "(dân số %(population)s), vượt tỷ lệ %(threshold)s/100.000 người",
        "Có %(cases)s ca F0 trong cộng đồng đã xác định được nguồn lây trong %(window)s, tức %(rate)s ca/100.000 dân "
        "(dân số %(population)s), vượt tỷ lệ %(threshold)s/100.000 người",
        f["cases"],
    ) % {**values, "rate": _number(f["rate"]), "population": _number(f["population"])}


def _share(f: dict, what_vi: str) -> str:
    values = {
        "count": f["count"],
        "total": f["total"],
        "units": _units(f["unit"], f["total"]),
        "share": _percent(f["share"]),
        "names": _names(f["names"]),
    }
    what = {
        "very_high": _("có nguy cơ rất cao"),
        "high": _("có nguy cơ cao trở lên") if f.get("higher") else _("có nguy cơ cao"),
        "risk": _("ở mức nguy cơ trở lên") if f.get("higher") else _("ở mức nguy cơ"),
    }[what_vi]
    if f.get("scattered"):
        return _("%(count)s/%(total)s %(units)s (%(share)s) %(what)s, nằm rải rác trên địa bàn: %(names)s") % {
            **values,
            "what": what,
        }
    return _("%(count)s/%(total)s %(units)s (%(share)s) %(what)s: %(names)s") % {**values, "what": what}


def _sub_at_least(f: dict, very_high: bool) -> str:
    values = {"count": f["count"], "units": _units(f["unit"], f["count"]), "names": _names(f["names"])}
    if very_high:
        return (
            ngettext(
                "Có %(count)s %(units)s có nguy cơ rất cao: %(names)s",
                "Có %(count)s %(units)s có nguy cơ rất cao: %(names)s",
                f["count"],
            )
            % values
        )
    return (
        ngettext(
            "Có %(count)s %(units)s ở mức nguy cơ trở lên: %(names)s",
            "Có %(count)s %(units)s ở mức nguy cơ trở lên: %(names)s",
            f["count"],
        )
        % values
    )


def _fast_spread(f: dict) -> str:
    return _(
        "Có nguồn lây nhiễm khó kiểm soát, nguy cơ lây lan nhanh trên %(above)s số %(units)s (ước tính %(share)s)"
    ) % {"above": _percent(f["above"]), "units": _units(f["unit"], 2), "share": _percent(f["share"])}


def _none(f: dict) -> str:
    return _("Không có yếu tố dịch tễ nào của mức nguy cơ trở lên trong %(window)s") % {"window": _window(f)}


def _counted(f: dict, key: str) -> dict:
    return {"count": f[key], "window": _window(f)}


def _protected(f):
    return _flag(
        _(
            "Có khu công nghiệp, cơ sở sản xuất quan trọng cần bảo vệ tuyệt đối an toàn tiếp giáp khu vực có "
            "nguồn lây nhiễm khó kiểm soát, khó truy vết"
        ),
        f,
    )


def _override(f: dict) -> str:
    body = f.get("body") or _("cơ quan có thẩm quyền")
    return _(
        "Mức %(level)s (%(label)s) do %(body)s quyết định: “%(reason)s” (%(reference)s, hiệu lực %(start)s–%(end)s)"
    ) % {
        "level": f["level"],
        "label": level_label(f["level"]),
        "body": f"“{body}”" if f.get("body") else body,
        "reason": f["reason"],
        "reference": f["reference"],
        "start": _day(f["from"]),
        "end": _day(f["to"]),
    }


SENTENCES = {
    "override": _override,
    "commune.unknown_source_cluster": lambda f: (
        ngettext(
            "Có %(count)s chùm ca F0 chưa rõ nguồn lây trong %(window)s",
            "Có %(count)s chùm ca F0 chưa rõ nguồn lây trong %(window)s",
            f["clusters"],
        )
        % _counted(f, "clusters")
    ),
    "commune.hard_to_control_source": lambda f: (
        ngettext(
            "Có %(count)s ca F0 lây nhiễm từ khu công nghiệp, trường học, siêu thị lớn hoặc nơi có nguồn lây khó kiểm "
            "soát, khó truy vết trong %(window)s",
            "Có %(count)s ca F0 lây nhiễm từ khu công nghiệp, trường học, siêu thị lớn hoặc nơi có nguồn lây khó kiểm "
            "soát, khó truy vết trong %(window)s",
            f["cases"],
        )
        % _counted(f, "cases")
    ),
    "commune.unknown_source_case": lambda f: (
        ngettext(
            "Có %(count)s ca F0 trong cộng đồng chưa rõ nguồn lây trong %(window)s",
            "Có %(count)s ca F0 trong cộng đồng chưa rõ nguồn lây trong %(window)s",
            f["cases"],
        )
        % _counted(f, "cases")
    ),
    "commune.crowded_place_red_cluster": lambda f: _flag(
        _("Có ca F0 liên quan đến địa điểm đông người là nguồn lây của ổ dịch nguy cơ rất cao"), f
    ),
    "commune.known_source_rate": _rate,
    "commune.community_contacts": lambda f: (
        ngettext(
            "Có %(count)s người tiếp xúc gần (F1) với ca bệnh đang ở trong cộng đồng trong %(window)s",
            "Có %(count)s người tiếp xúc gần (F1) với ca bệnh đang ở trong cộng đồng trong %(window)s",
            f["contacts"],
        )
        % _counted(f, "contacts")
    ),
    "commune.illegal_entry_risk": lambda f: _flag(_("Có nguy cơ cao từ người nhập cảnh trái phép"), f),
    "commune.large_quarantine_population": lambda f: _flag(_("Có nhiều người đang cách ly tập trung trên địa bàn"), f),
    "commune.none": _none,
    "commune.adjacent_very_high": lambda f: (
        _("Giáp ranh với địa bàn có nguy cơ rất cao: %(names)s") % {"names": _names(f["names"])}
    ),
    "commune.adjacent_high": lambda f: (
        _("Giáp ranh với địa bàn có nguy cơ cao: %(names)s") % {"names": _names(f["names"])}
    ),
    "commune.adjacent_derived_high": lambda f: (
        _("Giáp ranh với địa bàn được nâng lên nguy cơ cao do giáp ranh vùng nguy cơ rất cao: %(names)s")
        % {"names": _names(f["names"])}
    ),
    "district.very_high_share_scattered": lambda f: _share(f, "very_high"),
    "district.half_communes_high": lambda f: _share(f, "high"),
    "district.fast_spread_very_high": _fast_spread,
    "district.high_share_scattered": lambda f: _share(f, "high"),
    "district.half_communes_at_risk": lambda f: _share(f, "risk"),
    "district.one_commune_very_high": lambda f: _sub_at_least(f, True),
    "district.fast_spread_high": _fast_spread,
    "district.protected_site_at_risk": _protected,
    "district.known_source_rate": _rate,
    "district.commune_at_risk": lambda f: _sub_at_least(f, False),
    "district.none": _none,
    "province.very_high_share_scattered": lambda f: _share(f, "very_high"),
    "province.half_districts_high": lambda f: _share(f, "high"),
    "province.fast_spread_very_high": lambda f: (
        _("%(text)s, và dịch đã lây sang tỉnh khác") % {"text": _fast_spread(f)}
    ),
    "province.high_share_scattered": lambda f: _share(f, "high"),
    "province.half_districts_at_risk": lambda f: _share(f, "risk"),
    "province.one_district_very_high": lambda f: _sub_at_least(f, True),
    "province.fast_spread_high": _fast_spread,
    "province.protected_site_at_risk": _protected,
    "province.known_source_rate": _rate,
    "province.district_at_risk": lambda f: _sub_at_least(f, False),
    "province.none": _none,
}


def reason_sentence(reason: dict) -> str:
    """Return the sentence of a stored reason in the active language."""
    rule = str(reason.get("rule", ""))
    figures = reason.get("figures") or {}
    english = translation.get_language() == "en"
    render = SENTENCES.get(rule)
    if render is not None:
        try:
            return render(figures)
        except (KeyError, TypeError, ValueError):
            pass  # an older reason without every figure: fall back below
    if rule in CLAUSES and (english or not reason.get("text")):
        return CLAUSES[rule].text(translation.get_language())
    return str(reason.get("text", ""))
