"""No script reaches a reader: the stored body, the page and the feeds carry none of these payloads in an active form."""

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from notices.markup import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="&#97;lert(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    "[bấm](javascript:alert(1))",
    "[bấm](JaVaScRiPt:alert(1))",
    "[bấm](jav&#x09;ascript:alert(1))",
    "[bấm](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="%6A%61%76%61%73%63%72%69%70%74:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<a href="https://example.org/" onclick="alert(1)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    '<a href="#" {: onclick="alert(1)" }>x</a>',
    "[x](https://example.org/){: onclick=alert(1) }",
    "`<script>alert(1)</script>` and\n\n    <script>alert(1)</script>",
]

INERT_SCHEMES = ("http:", "https:", "mailto:", "tel:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"}
ACTIVE_TAGS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "img",
    "form",
    "input",
    "button",
    "meta",
    "base",
    "link",
    "body",
    "details",
    "template",
    "noscript",
    "video",
    "audio",
}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def active_parts(html: str) -> list[str]:
    """Return every tag, attribute or URL of html that a browser would act on."""
    parser = Tags()
    parser.feed(html)
    found = [f"<{tag}>" for tag, _ in parser.tags if tag in ACTIVE_TAGS]
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            if name.startswith("on") or name in {"style", "srcdoc"}:
                found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value:
                # Browsers drop tabs, newlines and leading spaces before reading a scheme.
                url = re.sub(r"[\x00-\x20]", "", value).lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", url)
                if scheme and not url.startswith(INERT_SCHEMES):
                    found.append(f"{tag}[{name}={value}]")
            if tag == "a" and name == "href" and attrs.get("rel") != "noopener noreferrer":
                found.append("a without rel=noopener noreferrer")
    if re.search(r"<\s*script", html, re.I):
        found.append("<script")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_renders_no_payload_in_an_active_form(payload):
    assert active_parts(render_markdown(f"Trước\n\n{payload}\n\nSau")) == []


def test_it_keeps_the_safe_markup_editors_use():
    html = render_markdown(
        "# Tiêu đề\n\n**Đậm** và *nghiêng*, [Bộ Y tế](https://moh.gov.vn/), [gọi](tel:18006132).\n\n"
        "- một\n- hai\n\n| Xã | Cấp |\n|---|---|\n| Hữu Liên | 3 |\n"
    )
    assert "<h2>Tiêu đề</h2>" in html  # the page title is the only h1
    assert "<strong>Đậm</strong>" in html and "<em>nghiêng</em>" in html
    assert '<a href="https://moh.gov.vn/" rel="noopener noreferrer">Bộ Y tế</a>' in html
    assert 'href="tel:18006132"' in html
    assert "<li>một</li>" in html and "<td>Hữu Liên</td>" in html


def test_it_stores_and_serves_every_payload_inert(client, make_notice):
    body = "\n\n".join(PAYLOADS)
    notice = make_notice(
        title="<script>alert('tiêu đề')</script>", summary='<img src=x onerror="alert(2)">', body=body, publish=True
    )
    notice.refresh_from_db()
    assert active_parts(notice.body_html) == []

    page = client.get(reverse("notices:detail", args=[notice.slug])).content.decode()
    article = page[page.index('<article class="notice') : page.index("</article>")]
    assert active_parts(article) == []
    assert "&lt;script&gt;alert(&#x27;tiêu đề&#x27;)&lt;/script&gt;" in article

    listing = client.get(reverse("notices:list")).content.decode()
    assert "<script>alert('tiêu đề')" not in listing and 'onerror="alert(2)"' not in listing

    for name in ("notices:rss", "notices:atom"):
        feed = ElementTree.fromstring(client.get(reverse(name)).content)
        texts = [
            element.text or ""
            for element in feed.iter()
            if element.tag.rsplit("}", 1)[-1] in {"description", "summary", "content"}
        ]
        assert texts and all(active_parts(text) == [] for text in texts), name
