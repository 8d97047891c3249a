"""The columns of a day's figures, as the sheet, the upload files, the template and the staff API name them."""

import difflib
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from areas.text import fold

from .models import DISPLAY_FIELDS, RULE_FIELDS

CODE = "commune_code"
DATE = "date"
NOTE = "note"
COMMENT = "warning_comment"
IGNORED = "errors"


@dataclass(frozen=True)
class Column:
    key: str
    title: object  # lazy translation: the Vietnamese title of the template
    short: object  # the sheet's narrow header
    meaning: object
    constraint: object
    aliases: tuple[str, ...] = ()


COUNT_RULE = _("Số nguyên ≥ 0; để trống là 0.")
COUNT_DISPLAY = _("Số nguyên ≥ 0; để trống nếu chưa có (không dùng để đánh giá cấp độ).")

COLUMNS = (
    Column(
        CODE,
        _("Mã xã"),
        _("Mã"),
        _(
            "Mã đơn vị hành chính của Tổng cục Thống kê: xã/phường/thị trấn; "
            "mã huyện hoặc mã tỉnh cho ca bệnh chưa xác định được xã."
        ),
        _("Bắt buộc. Xem trang “Danh mục xã”."),
        ("ma xa", "ma don vi", "code", "area_code"),
    ),
    Column(
        DATE,
        _("Ngày"),
        _("Ngày"),
        _("Ngày của số liệu."),
        _("Bắt buộc. dd/mm/yyyy, yyyy-mm-dd hoặc ô ngày của Excel; không được là ngày trong tương lai."),
    ),
    Column(
        "community_cases_known_source",
        _("F0 cộng đồng rõ nguồn lây"),
        _("F0 rõ nguồn"),
        _("Số F0 mới phát hiện ở cộng đồng (không trong khu cách ly) đã xác định được nguồn lây."),
        COUNT_RULE,
    ),
    Column(
        "community_cases_unknown_source",
        _("F0 cộng đồng chưa rõ nguồn lây"),
        _("F0 chưa rõ nguồn"),
        _("Số F0 mới phát hiện ở cộng đồng chưa xác định được nguồn lây."),
        COUNT_RULE,
    ),
    Column(
        "unknown_source_clusters",
        _("Chùm ca bệnh chưa rõ nguồn lây"),
        _("Chùm chưa rõ nguồn"),
        _("Số chùm ca bệnh (từ 2 F0 có liên quan) chưa rõ nguồn lây mới phát hiện."),
        COUNT_RULE,
    ),
    Column(
        "hard_to_control_source_cases",
        _("F0 từ nguồn khó kiểm soát"),
        _("F0 nguồn khó KS"),
        _(
            "Trong số F0 cộng đồng rõ nguồn lây: số ca có nguồn lây từ khu công nghiệp, trường học, siêu thị lớn "
            "hoặc nơi khó kiểm soát, khó truy vết."
        ),
        _("Số nguyên ≥ 0, không lớn hơn “F0 cộng đồng rõ nguồn lây”; để trống là 0."),
    ),
    Column(
        "quarantined_cases",
        _("F0 trong khu cách ly"),
        _("F0 cách ly"),
        _("Số F0 mới phát hiện khi đang cách ly (không dùng để đánh giá cấp độ)."),
        COUNT_RULE,
    ),
    Column(
        "community_f1",
        _("F1 tại cộng đồng"),
        _("F1 cộng đồng"),
        _("Số người tiếp xúc gần (F1) đang ở cộng đồng, không cách ly tập trung."),
        COUNT_RULE,
    ),
    Column("tests", _("Số xét nghiệm"), _("Xét nghiệm"), _("Số mẫu xét nghiệm trong ngày."), COUNT_DISPLAY),
    Column("recovered", _("Khỏi bệnh"), _("Khỏi"), _("Số ca khỏi bệnh trong ngày."), COUNT_DISPLAY),
    Column("deaths", _("Tử vong"), _("Tử vong"), _("Số ca tử vong trong ngày."), COUNT_DISPLAY),
    Column(NOTE, _("Ghi chú"), _("Ghi chú"), _("Ghi chú của cán bộ nhập liệu."), _("Không bắt buộc.")),
    Column(
        COMMENT,
        _("Giải trình cảnh báo"),
        _("Giải trình"),
        _("Vì sao số liệu vẫn đúng khi nó vượt một quy tắc kiểm tra hợp lý mức cảnh báo."),
        _("Bắt buộc khi dòng có cảnh báo; không bắt buộc ở các dòng khác."),
        ("giai trinh", "comment"),
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}
FIELD_COLUMNS = tuple(BY_KEY[key] for key in RULE_FIELDS + DISPLAY_FIELDS)
# A file must carry every field the rules read: a missing column would silently mean zero everywhere.
REQUIRED_KEYS = (CODE, DATE, *RULE_FIELDS)
CSV_HEADER = (CODE, DATE, *RULE_FIELDS, *DISPLAY_FIELDS)


def _alias_table() -> dict[str, str]:
    table = {IGNORED: IGNORED, "loi": IGNORED}  # the error column of a downloaded error file
    for column in COLUMNS:
        names = {column.key, *column.aliases}
        for language in ("vi", "en"):
            with translation.override(language):
                names.add(str(column.title))
        table.update({fold(name).replace("_", " "): column.key for name in names})
    return table


_ALIASES: dict[str, str] | None = None


def column_key(header: str) -> str | None:
    """Return the column key a header names (field name, Vietnamese or English title), or None."""
    global _ALIASES
    if _ALIASES is None:
        _ALIASES = _alias_table()
    return _ALIASES.get(fold(str(header)).replace("_", " "))


def suggest_column(header: str) -> str | None:
    """Return the column a mistyped header most likely means, as "field_name (title)", or None."""
    column_key("")
    close = difflib.get_close_matches(fold(header).replace("_", " "), list(_ALIASES), n=1, cutoff=0.6)
    if not close or _ALIASES[close[0]] == IGNORED:
        return None
    column = BY_KEY[_ALIASES[close[0]]]
    return f"“{column.key}” ({column.title})"
