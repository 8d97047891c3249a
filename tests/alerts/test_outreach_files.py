"""Posters, loudspeaker text, embed, badge and share image of an area, as a district or a school would use them."""

import io
import re
from collections import Counter

import pytest
from PIL import Image
from pypdf import PdfReader

from risk.engine.levels import Level
from tests.public.builders import TAN_THANH, VAN_LANG, publish_demo

pytestmark = [pytest.mark.django_db]

AREA_URL = f"https://covidmaps.example/khu-vuc/{TAN_THANH}/"


@pytest.fixture
def published(langson):
    return publish_demo()


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_it_prints_an_a4_poster_with_the_level_and_a_qr_code_to_the_area_page(client, published):
    response = client.get(f"/khu-vuc/{TAN_THANH}/ap-phich.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Xã Tân Thanh" in text and "Mức 3" in text and "Nguy cơ cao" in text
    assert "16/06/2021" in text and "15/06/2021" in text  # since / effective, and data date
    assert AREA_URL in text  # the QR code's payload, printed for those who cannot scan
    assert "1800 6132" in text  # hotlines


def test_the_poster_qr_code_encodes_the_area_page(published):
    from public import outreach, posters

    sheet = outreach.current_sheet(code=TAN_THANH, language="vi")
    assert sheet.url == AREA_URL
    svg = posters.qr_svg(sheet.url)
    assert svg.startswith("<svg") and "<path" in svg


def test_it_prints_a_district_page_listing_each_commune_with_its_level(client, published):
    from areas.models import Area

    response = client.get(f"/khu-vuc/{VAN_LANG}/ap-phich-xa.pdf")

    assert response.status_code == 200
    pages, text = pdf_text(response.content)
    assert pages == 1
    for commune in Area.objects.filter(parent__code=VAN_LANG):
        assert commune.name in text
    assert "Xã Tân Thanh Mức 3 · Nguy cơ cao" in text
    assert client.get(f"/khu-vuc/{TAN_THANH}/ap-phich-xa.pdf").status_code == 404  # a commune has no list


def test_it_keeps_a_poster_until_the_next_publication(client, published, django_assert_max_num_queries):
    first = client.get(f"/khu-vuc/{TAN_THANH}/ap-phich.pdf").content
    with django_assert_max_num_queries(12):
        again = client.get(f"/khu-vuc/{TAN_THANH}/ap-phich.pdf").content
    assert again == first


def test_it_writes_a_loudspeaker_text_to_be_heard(client, published):
    page = client.get(f"/khu-vuc/{TAN_THANH}/phat-thanh/")
    text = client.get(f"/khu-vuc/{TAN_THANH}/phat-thanh.txt")

    assert page.status_code == text.status_code == 200
    assert text["Content-Disposition"].startswith("attachment")
    body = text.content.decode()
    assert "Xã Tân Thanh ở cấp độ ba, nguy cơ cao" in body
    assert "không giờ ngày mười sáu tháng sáu năm hai nghìn" in body
    assert "một tám không không, sáu một ba hai" in body  # the hotline, digit by digit
    assert not re.search(r"\d", body), "no figure left for the announcer to read out"
    for short in ("5K", "F0", "F1", "UBND", "COVID"):
        assert short not in body
    assert "Xã Tân Thanh ở cấp độ ba" in page.content.decode()


def test_it_uses_the_editors_template_of_the_level(client, published, editor):
    import datetime

    from notices.models import LoudspeakerText
    from notices.services import save_loudspeaker_text

    text = LoudspeakerText(
        level=3,
        valid_from=datetime.date(2021, 6, 1),
        body_vi="Loa xã xin thông báo: {dia_ban} ở cấp {cap_do}. {duong_day_nong}",
    )
    save_loudspeaker_text(text=text, user=editor)

    body = client.get(f"/khu-vuc/{TAN_THANH}/phat-thanh.txt").content.decode()

    assert body.startswith("Loa xã xin thông báo: Xã Tân Thanh ở cấp ba.")


def test_it_rejects_a_template_with_an_unknown_blank(published, editor):
    import datetime

    from django.core.exceptions import ValidationError

    from notices.models import LoudspeakerText
    from notices.services import save_loudspeaker_text

    text = LoudspeakerText(level=2, valid_from=datetime.date(2021, 6, 1), body_vi="Xin thông báo {ten_xa}.")
    with pytest.raises(ValidationError, match="ten_xa"):
        save_loudspeaker_text(text=text, user=editor)
    assert not LoudspeakerText.objects.filter(body_vi__contains="ten_xa").exists()


def test_it_rejects_a_template_saved_by_someone_not_an_editor(published, approver):
    import datetime

    from django.core.exceptions import PermissionDenied

    from notices.models import LoudspeakerText
    from notices.services import save_loudspeaker_text

    with pytest.raises(PermissionDenied):
        save_loudspeaker_text(
            text=LoudspeakerText(level=2, valid_from=datetime.date(2021, 6, 1), body_vi="x"), user=approver
        )


def test_the_embed_may_be_framed_by_the_listed_origins_only_and_sets_no_cookie(client, published, settings):
    response = client.get(f"/khu-vuc/{TAN_THANH}/nhung/")

    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["frame-ancestors"].split() == settings.EMBED_FRAME_ANCESTORS
    assert "X-Frame-Options" not in response
    assert not response.cookies
    html = response.content.decode()
    assert "Xã Tân Thanh" in html and "Mức 3 · Nguy cơ cao" in html and AREA_URL in html
    # Nothing loaded from elsewhere: every src/href the page loads is on this site.
    loaded = re.findall(r'<(?:link|script|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded and all(url.startswith("/") for url in loaded)


def test_the_embed_may_be_framed_by_no_one_when_the_setting_is_empty(client, published, settings):
    settings.EMBED_FRAME_ANCESTORS = []
    response = client.get(f"/khu-vuc/{TAN_THANH}/nhung/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_area_page_cannot_be_framed(client, published):
    response = client.get(f"/khu-vuc/{TAN_THANH}/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_badge_is_an_svg_with_the_name_and_level(client, published):
    from xml.etree import ElementTree

    response = client.get(f"/khu-vuc/{TAN_THANH}/huy-hieu.svg")

    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(response.content)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Xã Tân Thanh" in texts and "Mức 3" in texts and "Nguy cơ cao" in texts
    assert any(r.get("fill") == Level(3).colour for r in root.iter("{http://www.w3.org/2000/svg}rect"))


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def dominant(image: Image.Image) -> tuple[int, int, int]:
    return Counter(image.convert("RGB").get_flattened_data()).most_common(1)[0][0]


def test_the_share_image_is_1200_by_630_in_the_level_colour(client, published):
    response = client.get(f"/khu-vuc/{TAN_THANH}/anh.png")

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)
    assert dominant(image) == rgb(Level(3).colour)  # level 3's orange
    # The area's shape is drawn on the light panel: some of the panel is in the level's colour.
    panel = Counter(image.crop((0, 0, 520, 630)).convert("RGB").get_flattened_data())
    assert panel[rgb(Level(3).colour)] > 20_000


def test_the_share_image_follows_a_new_level(client, published):
    from tests.public.builders import announce

    before = client.get(f"/khu-vuc/{TAN_THANH}/anh.png").content
    publication = announce()
    publication.effective_at = publication.published_at
    publication.save()
    from public import httpcache

    httpcache.clear()
    after = Image.open(io.BytesIO(client.get(f"/khu-vuc/{TAN_THANH}/anh.png").content))
    assert before != after and dominant(after) == rgb(Level(4).colour)


def test_the_area_page_has_open_graph_tags_and_share_links_without_third_party_script(client, published):
    html = client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()

    assert f'<meta property="og:image" content="https://covidmaps.example/khu-vuc/{TAN_THANH}/anh.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'property="og:title" content="Xã Tân Thanh: Mức 3 · Nguy cơ cao"' in html
    assert "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fcovidmaps.example%2Fkhu-vuc%2F06166%2F" in html
    assert "zalo.me" in html
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert all(src.startswith("/") for src in scripts)
    for path in ("ap-phich.pdf", "phat-thanh/", "nhung/", "huy-hieu.svg", "rss.xml"):
        assert f"/khu-vuc/{TAN_THANH}/{path}" in html
