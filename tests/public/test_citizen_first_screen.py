"""What a citizen reads first (issue 13): how current the figures are, since when the level holds, whom to call,
the trend and history download, the reasons in English, and compression of the public pages only."""

import csv
import datetime
import gzip
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from areas.models import Area
from notices.models import HealthStation
from notices.services import save_health_station
from public.reason_text import SENTENCES, reason_sentence
from risk.engine.clauses_2686 import CLAUSES
from risk.engine.rules_2686 import ALL_RULES

from .builders import LOCAL, TAN_THANH
from .test_public_language import IDENTIFIER, VIETNAMESE


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=LOCAL), tick=False)


def forget_pages():
    from public import httpcache

    httpcache.clear()


def text(response) -> str:
    return response.content.decode()


PUBLIC_PAGES = ["/", f"/khu-vuc/{TAN_THANH}/", "/bien-phap/", "/phuong-phap/", "/du-lieu-mo/", "/thong-bao/"]


def test_it_states_the_data_date_and_the_next_update_on_every_page(client, published):
    with at(2021, 6, 16, 9, 30):
        for path in PUBLIC_PAGES:
            page = text(client.get(path))
            assert "Số liệu đến ngày 15/06/2021" in page, path
            assert "Lần cập nhật theo lịch tiếp theo: 13:00 ngày 16/06/2021" in page, path
            assert "Số liệu chưa được cập nhật" not in page, path
    with at(2021, 6, 16, 21, 0):
        assert "Lần cập nhật theo lịch tiếp theo: 08:00 ngày 17/06/2021" in text(client.get("/"))


def test_it_warns_on_every_page_when_the_data_is_older_than_the_setting(client, published, settings):
    with at(2021, 6, 18, 9, 0):  # data of 15/06, three days old
        for path in PUBLIC_PAGES:
            page = text(client.get(path))
            assert "Số liệu chưa được cập nhật:" in page and "đã cũ 3 ngày" in page, path
            main = page[page.index("<main") : page.index("</main>")]
            assert "warning--stale" in main, path  # inside <main>, where every warning is
        assert "The figures are not current" in text(client.get("/en/"))
    settings.PUBLIC_STALE_AFTER_DAYS = 5
    forget_pages()  # a setting changes with a deployment, which starts with empty caches
    with at(2021, 6, 18, 9, 1):
        assert "Số liệu chưa được cập nhật" not in text(client.get("/"))


def test_it_dates_the_level_from_the_publication_that_brought_it_in_the_history_view_too(client, published):
    """Level 3 came with the publication in force from 16/06: the page of 15/06 shows level 2, that of 16/06 level 3
    since 16/06."""
    before = text(client.get(f"/khu-vuc/{TAN_THANH}/", {"ngay": "2021-06-15"}))
    assert 'action-card__level"><span class="level level--2">' in before
    after = text(client.get(f"/khu-vuc/{TAN_THANH}/", {"ngay": "2021-06-16"}))
    assert 'action-card__level"><span class="level level--3">' in after and "từ ngày 16/06/2021" in after


def test_it_puts_the_action_card_first_with_things_to_do_and_tap_to_call_numbers(client, published, editor):
    save_health_station(
        station=HealthStation(
            area=Area.objects.get(code=TAN_THANH), name="Trạm y tế xã Tân Thanh", phone="0205 3888 115"
        ),
        user=editor,
    )
    page = text(client.get(f"/khu-vuc/{TAN_THANH}/"))
    main = page[page.index("<main") :]
    card = main[main.index('class="action-card') : main.index("</section>", main.index('class="action-card'))]
    assert main.index('class="action-card') < main.index('class="measures')  # the legal measures follow it
    assert 'href="tel:02053888115"' in card and "Trạm y tế xã Tân Thanh" in card
    assert 'href="tel:18006132"' in card and 'href="tel:115"' in card
    assert "Không tụ tập từ 10 người trở lên" in card  # level 3: what to do now
    assert "Nếu lên mức nguy cơ rất cao" in card  # what changes if it rises
    assert "Người đến từ vùng nguy cơ rất cao" in card
    english = text(client.get(f"/en/khu-vuc/{TAN_THANH}/"))
    assert "What to do now" in english and "If the level rises to very high risk" in english
    home = text(client.get("/"))
    assert home.index('href="tel:18006132"') < home.index('class="overview"')  # hotlines near the top


def test_it_lists_the_areas_at_very_high_risk_for_arrivals_including_neighbouring_provinces(client, published):
    from ingest.models import DeclaredLevel

    DeclaredLevel.objects.create(
        area=Area.objects.get(code="04"),
        level=4,
        start=datetime.date(2021, 6, 1),
        end=datetime.date(2021, 6, 30),
        reference="Thông báo 50/TB-UBND tỉnh Cao Bằng",
    )
    page = text(client.get(f"/khu-vuc/{TAN_THANH}/"))
    card = page[page.index('class="action-card') : page.index("</section>", page.index('class="action-card'))]
    assert "Tỉnh Cao Bằng" in card and "tỉnh lân cận" in card


def test_it_rejects_a_health_station_from_anyone_but_an_editor(langson, data_clerk, editor):
    station = HealthStation(area=Area.objects.get(code=TAN_THANH), name="Trạm y tế", phone="0205 3888 115")
    with pytest.raises(PermissionDenied):
        save_health_station(station=station, user=data_clerk)
    with pytest.raises(ValidationError):
        save_health_station(
            station=HealthStation(area=Area.objects.get(code="20"), name="Sở", phone="115"), user=editor
        )
    with pytest.raises(ValidationError):
        save_health_station(
            station=HealthStation(area=Area.objects.get(code=TAN_THANH), name="Trạm", phone="gọi =1+1"), user=editor
        )
    assert not HealthStation.objects.exists()


def test_it_lets_the_editor_keep_the_health_station_in_the_admin(client, langson, editor):
    client.force_login(editor)
    area = Area.objects.get(code=TAN_THANH)
    response = client.post(
        "/admin/notices/healthstation/add/",
        {"area": area.pk, "name": "Trạm y tế xã Tân Thanh", "phone": "0205 3888 115"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    station = HealthStation.objects.get(area=area)
    assert station.updated_by == editor and station.history.count() == 1


def test_it_draws_30_data_dates_with_the_districts_rate_and_offers_them_as_formula_safe_csv(
    client, published, reported
):
    Area.objects.filter(code=TAN_THANH).update(name='=HYPERLINK("x")')
    page = text(client.get(f"/khu-vuc/{TAN_THANH}/"))
    trend = page[page.index('class="area-trend"') : page.index("</section>", page.index('class="area-trend"'))]
    assert trend.count('class="trend__cell') == 30
    assert "Huyện Văn Lãng" in trend and "polyline" in trend
    assert "từ 17/05/2021 đến 15/06/2021" in trend  # the data dates, ending with the data of the levels shown
    response = client.get(f"/khu-vuc/{TAN_THANH}/lich-su.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 31 and rows[0][-1].startswith("cùng chỉ số của Huyện Văn Lãng")
    assert rows[-1][0] == "2021-06-15" and rows[-1][2] == '\'=HYPERLINK("x")' and rows[-1][3] == "3"
    assert rows[-2][3] == "2"  # data of 14/06: level 2
    assert float(rows[-1][5]) > 0  # community cases of 13/06 and 15/06 per 100,000


def test_it_compresses_public_pages_but_never_a_page_with_a_csrf_token(client, published, editor):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert b"<main" in gzip.decompress(response.content)
    again = client.get("/", HTTP_ACCEPT_ENCODING="gzip")  # replayed from memory: compressed too
    assert again["Content-Encoding"] == "gzip"
    unchanged = client.get("/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=again["ETag"])
    assert again["ETag"].startswith("W/") and unchanged.status_code == 304
    notices = client.get("/thong-bao/", HTTP_ACCEPT_ENCODING="gzip")
    assert notices["Content-Encoding"] == "gzip" and "public" in notices["Cache-Control"]
    login = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert login.status_code == 200 and not login.has_header("Content-Encoding")
    client.force_login(editor)
    admin = client.get("/admin/notices/healthstation/add/", HTTP_ACCEPT_ENCODING="gzip")
    assert admin.status_code == 200 and not admin.has_header("Content-Encoding")
    staff_notices = client.get("/thong-bao/", HTTP_ACCEPT_ENCODING="gzip")
    assert "private" in staff_notices["Cache-Control"] and not staff_notices.has_header("Content-Encoding")


FIGURES = {
    "cases": 2,
    "clusters": 1,
    "contacts": 3,
    "from": "2021-06-02",
    "to": "2021-06-15",
    "days": 14,
    "rate": 5.25,
    "threshold": 1,
    "population": 12500,
    "names": ["Alpha", "Beta"],
    "count": 2,
    "total": 8,
    "share": 0.25,
    "scattered": True,
    "unit": "commune",
    "higher": True,
    "above": 0.5,
    "flag": "scattered",
    "level": 4,
    "reason": "Họp Ban Chỉ đạo",
    "body": "",
    "reference": "QĐ 12/QĐ-UBND",
}


def test_every_rule_has_a_public_clause_and_a_sentence_in_both_languages():
    for rule in ALL_RULES:
        assert rule.id in CLAUSES and rule.id in SENTENCES, rule.id
        clause = CLAUSES[rule.id]
        assert not IDENTIFIER.search(clause.vi) and not IDENTIFIER.search(clause.en), rule.id
        assert not VIETNAMESE.search(clause.en), rule.id
        if rule.tag == "I":
            assert clause.vi.startswith("Cách hiểu của tỉnh") and clause.en.startswith("Our reading"), rule.id
        for language in ("vi", "en"):
            with translation.override(language):
                sentence = reason_sentence({"rule": rule.id, "tag": rule.tag, "figures": FIGURES, "text": "x"})
            assert "%(" not in sentence and not IDENTIFIER.search(sentence), (rule.id, sentence)
            if language == "en":
                assert not VIETNAMESE.search(sentence), (rule.id, sentence)


def test_it_writes_a_reason_in_english_from_its_figures():
    reason = {
        "rule": "commune.known_source_rate",
        "tag": "V",
        "text": "Có 3 ca …",
        "figures": {
            "cases": 3,
            "population": 12500,
            "rate": 24,
            "threshold": 1,
            "from": "2021-06-02",
            "to": "2021-06-15",
            "days": 14,
        },
    }
    with translation.override("en"):
        assert reason_sentence(reason) == (
            "3 F0 cases in the community with an identified source in 14 days (02/06/2021–15/06/2021), that is 24 "
            "per 100,000 people (population 12,500), above 1 per 100,000 people"
        )
    with translation.override("vi"):
        assert "tức 24 ca/100.000 dân (dân số 12.500)" in reason_sentence(reason)
