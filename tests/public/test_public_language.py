"""Every public page, in each language, reads as that language: no identifiers, no English on Vietnamese pages, no
Vietnamese on English pages except names (areas, notices and rule sets as entered) and quoted titles.

The detector reads the text a person sees: scripts, styles and SVG are left out; so are quotations (<q>, “…”),
elements marked as being in another language (lang="vi" around content entered only in Vietnamese), and the API's
field names shown as <code> on the open-data page.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from areas.models import Area
from notices.models import Notice
from risk.models import RuleSet

from .builders import TAN_THANH

SKIPPED = {"script", "style", "svg", "q", "code", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Words that never occur in Vietnamese prose; any of them on a Vietnamese page is English that leaked.
ENGLISH_WORDS = {
    "the",
    "and",
    "of",
    "with",
    "none",
    "above",
    "level",
    "levels",
    "risk",
    "high",
    "normal",
    "which",
    "when",
    "this",
    "that",
    "from",
    "not",
    "are",
    "per",
    "share",
    "cases",
    "district",
    "commune",
    "province",
    "reading",
}
IDENTIFIER = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|≥\s*[a-z]+_|\b(?:COMMUNE|DISTRICT|PROVINCE)_RULES\b")
DOUBLED_QUOTES = re.compile(r"“\"|\"”|\"\"")
QUOTED = re.compile(r"“[^”]*”")
# Resolution 128's words for its levels ("Cấp 3", "cấp độ 2", "cấp độ dịch"); Decision 2686 says "mức (độ) nguy cơ".
OTHER_TERMS = re.compile(r"\b[Cc]ấp(?: độ)? [1-4]\b|\b[Cc]ấp độ dịch\b|\b[Cc]ấp độ nguy cơ\b")
# Letters only Vietnamese uses (with their tone marks): one of them in a word makes the word Vietnamese.
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


class VisibleText(HTMLParser):
    """Collect the text of <body> a reader sees in the page's language."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # per open element: is its content skipped?
        self.parts: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in VOID:
            return
        attrs = dict(attrs)
        skipped = (self.stack and self.stack[-1]) or tag in SKIPPED or (attrs.get("lang") not in (None, self.language))
        self.stack.append(bool(skipped))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_body and not (self.stack and self.stack[-1]):
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def visible_text(html: str, language: str) -> str:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.text()


def names() -> list[str]:
    """Names a page may show in any language, longest first: areas (with and without their type), notices, rule sets."""
    found = set()
    for name, type_label in Area.objects.values_list("name", "type_label"):
        found.add(name)
        if type_label and name.startswith(type_label + " "):
            found.add(name[len(type_label) + 1 :])
    found.update(Notice.objects.values_list("title", flat=True))
    found.update(RuleSet.objects.values_list("name", flat=True))
    return sorted(found, key=len, reverse=True)


def problems(html: str, language: str, known_names: list[str]) -> list[str]:
    text = visible_text(html, language)
    found = [f"identifier “{m.group(0)}”" for m in IDENTIFIER.finditer(text)]
    found += [
        f"doubled quotes near “{text[max(0, m.start() - 30) : m.end() + 30]}”" for m in DOUBLED_QUOTES.finditer(text)
    ]
    text = QUOTED.sub(" ", text)
    for name in known_names:
        text = text.replace(name, " ")
    words = re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", text)
    if language == "vi":
        found += [f"English word “{w}”" for w in words if w.lower() in ENGLISH_WORDS]
        found += [f"Resolution 128's term “{m.group(0)}”" for m in OTHER_TERMS.finditer(text)]
    else:
        # Abbreviations such as QĐ-BCĐQG are the Decision's number, a title.
        found += [
            f"Vietnamese word “{w}”"
            for w in words
            if VIETNAMESE.search(w) and not w.isupper() and not re.fullmatch(r"[A-ZĐ]+(?:-[A-ZĐ]+)+", w)
        ]
    return found


@pytest.fixture
def site(published, announced, declared, reported, make_public_notice):
    return make_public_notice


@pytest.fixture
def make_public_notice(langson, editor):
    from notices import services

    notice = services.create_notice(
        title="Khuyến cáo phòng, chống dịch tại Văn Lãng",
        summary="Người dân cần thực hiện 5K.",
        body="Người dân **cần** thực hiện 5K.",
        areas=[Area.objects.get(code=TAN_THANH)],
        author=editor,
    )
    return services.publish_notice(notice=notice, user=editor)


PAGES = [
    "/",
    "/?trang=2",
    "/?huyen=182&cap=3",
    "/khu-vuc/20/",
    "/khu-vuc/182/",
    f"/khu-vuc/{TAN_THANH}/",
    f"/khu-vuc/{TAN_THANH}/?ngay=2021-06-15",
    "/khu-vuc/04/",
    "/bien-phap/",
    "/phuong-phap/",
    "/du-lieu-mo/",
    "/thong-bao/",
    "/tim-kiem/?q=tan",
    "/tim-kiem/?q=khong-co-gi",
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_it_writes_every_public_page_in_its_own_language(site, language):
    client = Client()
    known_names = names()
    prefix = "/en" if language == "en" else ""
    notice = Notice.objects.get(title__startswith="Khuyến cáo")
    failures = {}
    for path in [*PAGES, f"/thong-bao/{notice.slug}/"]:
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, path
        found = problems(html, language, known_names)
        if found:
            failures[path] = sorted(set(found))[:12]
    assert not failures, "\n".join(f"{language}{path}: {', '.join(found)}" for path, found in failures.items())


def test_the_detector_finds_identifiers_english_and_vietnamese():
    """The checks above can fail: each kind of leak seen in issue 13 is caught."""
    assert problems('<body><p>“"Có F0" — hard_to_control_source_cases ≥ 1.”</p></body>', "vi", [])
    assert problems("<body><p>≥ high_share_for_very_high at level ≥ 3</p></body>", "vi", [])
    assert problems("<body><p>None of the above: new normal.</p></body>", "vi", [])
    assert problems("<body><p>Level 3 because Có 2 ca F0 chưa rõ nguồn lây</p></body>", "en", [])
    assert not problems("<body><p>Level 3 · High risk in Xã Tân Thanh</p></body>", "en", ["Xã Tân Thanh"])
    assert problems("<body><p>Xã Tân Thanh: Cấp 3 · Nguy cơ cao</p></body>", "vi", ["Xã Tân Thanh"])
    assert problems("<body><h2>Cấp độ dịch để làm gì?</h2></body>", "vi", [])
    assert not problems("<body><p>Mức 3 · Nguy cơ cao; cấp cứu gọi 115</p></body>", "vi", [])
    assert not problems('<body><p lang="vi">Thông báo</p><q>Có chùm F0</q> 2686/QĐ-BCĐQG</body>', "en", [])
