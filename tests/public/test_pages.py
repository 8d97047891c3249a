"""The public pages, server-rendered: everything on the map is also on the page as text, without JavaScript."""

import datetime
import re

import time_machine
from django.utils import timezone

from .builders import LOCAL, TAN_THANH


def text(response) -> str:
    return response.content.decode()


def later():
    """Move past the time a page version is trusted without asking the database (public.freshness.MAX_AGE)."""
    from public.freshness import MAX_AGE

    return time_machine.travel(timezone.now() + MAX_AGE + datetime.timedelta(seconds=1))


def test_it_shows_the_levels_in_force_with_their_publication_and_data_dates(client, published):
    page = text(client.get("/"))
    assert "Cập nhật lúc 20:05 ngày 15/06/2021" in page
    assert "Số liệu đến ngày 15/06/2021" in page
    assert "Mức 3 · Nguy cơ cao" in page  # the province, with number and label


def test_it_counts_communes_and_people_at_each_level(client, published):
    page = text(client.get("/"))
    legend = page[page.index('class="legend"') : page.index("</ul>", page.index('class="legend"'))]
    counts = [int(n) for n in re.findall(r"(\d+) xã ·", legend)]
    assert sum(counts) == 200
    assert len(counts) == 4 and all(counts)


def test_it_lists_every_commune_with_its_level_in_a_table_25_at_a_time(client, published):
    rows = []
    for number in range(1, 9):
        page = text(client.get("/", {"trang": number}))
        table = page[page.index('class="table table--communes"') :]
        found = re.findall(r'<tr data-level="(\d)"><th scope="row"><a href="/khu-vuc/(\d+)/">', table)
        assert len(found) == (25 if number < 8 else 200 - 7 * 25)
        rows += found
    assert len(set(rows)) == 200
    assert ("3", TAN_THANH) in rows
    assert "Trang 8/8" in page and 'rel="prev"' in page and 'rel="next"' not in page


def test_it_filters_the_table_by_district_and_level(client, published):
    page = text(client.get("/", {"huyen": "182", "cap": "3"}))
    table = page[page.index('class="table table--communes"') :]
    rows = re.findall(r'<tr data-level="(\d)">', table)
    assert rows and set(rows) == {"3"}
    assert "Xã Tân Thanh" in table
    assert "Huyện Hữu Lũng" not in table


def test_it_sorts_the_table_by_name(client, published):
    names = []
    for number in range(1, 9):  # 200 communes, 25 a page
        page = text(client.get("/", {"sap_xep": "ten", "trang": number}))
        table = page[page.index('class="table table--communes"') :]
        names += re.findall(r'<th scope="row"><a href="/khu-vuc/\d+/">([^<]+)</a>', table)
    from areas.models import Area

    # Vietnamese order of the names without their type (tests/public/test_collation.py checks the order itself).
    assert names == list(Area.objects.internal().communes().order_by("sort_key").values_list("name", flat=True))
    assert 'aria-sort="ascending"' in table


def test_it_rejects_an_unknown_filter_with_a_message_and_shows_everything(client, published):
    page = text(client.get("/", {"huyen": "999", "cap": "7"}))
    assert "Không có huyện, thành phố nào mã “999”" in page
    assert "Mức nguy cơ phải là 1, 2, 3 hoặc 4" in page
    assert len(re.findall(r'<tr data-level="', page)) == 25
    assert "Đang hiện 25 trong 200 xã khớp bộ lọc" in page


def test_it_shows_an_area_with_its_level_since_reasons_and_measures(client, published):
    with time_machine.travel(datetime.datetime(2021, 6, 20, 9, tzinfo=LOCAL), tick=False):
        page = text(client.get(f"/khu-vuc/{TAN_THANH}/"))
    assert "<h1>Xã Tân Thanh</h1>" in page
    card = page[page.index('class="action-card') : page.index("</section>", page.index('class="action-card'))]
    assert "Mức 3 · Nguy cơ cao" in card
    assert "từ ngày 16/06/2021" in card  # the day the publication that brought level 3 took effect
    assert "Số liệu đến ngày 15/06/2021" in card
    assert 'href="tel:18006132"' in card
    assert "Có 2 ca F0 trong cộng đồng chưa rõ nguồn lây trong 14 ngày (02/06/2021–15/06/2021)" in page
    assert "Diễn giải chính thức của cơ quan thông tấn" in page
    assert "Có ít nhất một ca bệnh chưa rõ nguồn lây nhiễm" in page  # the rule's public clause
    assert "Quyết định 2686/QĐ-BCĐQG" in page
    assert "Thực hiện nghiêm 5K" in page  # level 1 measures apply too: they are cumulative
    assert "Dừng các hoạt động tập trung từ 30 người trở lên" in page  # level 3's own
    assert "sớm nhất từ ngày 30/06/2021" in page
    assert "Huyện Văn Lãng" in page and "Tỉnh Lạng Sơn" in page  # parents


def test_it_does_not_show_a_step_down_date_that_has_passed_as_to_come(client, published):
    with time_machine.travel(datetime.datetime(2021, 7, 2, 9, tzinfo=LOCAL), tick=False):
        page = text(client.get(f"/khu-vuc/{TAN_THANH}/"))
    assert "Mức 3 · Nguy cơ cao" in page
    assert "30/06/2021" not in page


def test_it_shows_neighbours_children_and_the_district_rule_reference(client, published):
    page = text(client.get("/khu-vuc/182/"))
    assert "Có 1 xã có nguy cơ rất cao: Xã Tân Mỹ" in page
    assert "Nguyên văn Quyết định" in page
    assert "Xã Tân Thanh" in page  # a child
    assert "Địa bàn giáp ranh" in page


def test_it_answers_404_for_an_unknown_area(client, published):
    response = client.get("/khu-vuc/99999/")
    assert response.status_code == 404
    assert "Không có địa bàn nào mã “99999”" in text(response)


def test_it_shows_any_page_as_published_on_a_past_date(client, published):
    page = text(client.get(f"/khu-vuc/{TAN_THANH}/", {"ngay": "2021-06-15"}))
    assert 'action-card__level"><span class="level level--2">Mức 2 · Nguy cơ</span>' in page
    assert "Bạn đang xem trang như đã công bố đến hết ngày 15/06/2021." in page
    assert "Số liệu đến ngày 14/06/2021" in page
    assert 'href="/khu-vuc/182/?ngay=2021-06-15"' in page  # links keep the date
    assert 'value="2021-06-15"' in page  # the date picker


def test_it_accepts_the_date_as_dd_mm_yyyy_too(client, published):
    page = text(client.get("/", {"ngay": "15/06/2021"}))
    assert "Số liệu đến ngày 14/06/2021" in page


def test_it_says_nothing_was_published_before_the_first_publication(client, published):
    page = text(client.get("/", {"ngay": "2021-06-01"}))
    assert "Đến hết ngày 01/06/2021 chưa có mức nguy cơ nào được công bố." in page


def test_it_rejects_a_bad_date_with_a_clear_message(client, published):
    response = client.get("/", {"ngay": "15-06-2021x"})
    assert response.status_code == 400
    assert "Ngày “15-06-2021x” không hợp lệ" in text(response)
    assert "YYYY-MM-DD" in text(response)


def test_it_rejects_a_date_still_to_come(client, published):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.get(f"/khu-vuc/{TAN_THANH}/", {"ngay": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "chưa đến" in text(response)


def test_it_shows_the_level_of_each_of_the_last_14_data_dates(client, published):
    """Each cell is labelled with the data date of the publication it draws, not with the days of the calendar."""
    page = text(client.get(f"/khu-vuc/{TAN_THANH}/", {"ngay": "2021-06-20"}))
    strip = page[page.index('class="history-strip"') : page.index("</ol>", page.index('class="history-strip"'))]
    days = re.findall(r'history-strip__day--(\w+)">\s*<span class="history-strip__date">(\d\d/\d\d)', strip)
    assert len(days) == 14
    assert days[0] == ("none", "02/06")
    assert ("2", "14/06") in days and days[-1] == ("3", "15/06")


def test_it_charts_the_reported_cases(client, published, reported):
    page = text(client.get(f"/khu-vuc/{TAN_THANH}/"))
    assert "4 ca từ 02/06/2021 đến 15/06/2021" in page
    assert page.count('class="chart__bar"') == 14
    assert "<title>15/06/2021: 3</title>" in page


def test_it_announces_a_level_before_it_takes_effect_with_the_measures_to_come(client, announced):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    home = text(client.get("/"))
    announced_part = home[home.index('id="announced-title"') : home.index('class="overview"')]
    assert f"Từ 00:00 ngày {tomorrow}" in announced_part
    assert "Xã Tân Thanh" in announced_part and "Mức 4 · Nguy cơ rất cao" in announced_part
    assert "(hiện nay: mức 3)" in announced_part
    area = text(client.get(f"/khu-vuc/{TAN_THANH}/"))
    assert f"Từ 00:00 ngày {tomorrow}" in area
    assert "Mức 3 · Nguy cơ cao" in area  # still in force today
    assert "phong tỏa" in area  # a level 4 measure, announced


def test_it_shows_the_neighbouring_provinces_with_their_declared_level(client, published, declared):
    page = text(client.get("/", {"ngay": "2021-06-15"}))
    part = page[page.index('class="neighbour-provinces"') :]
    assert re.search(r"Tỉnh Cao Bằng</a>:\s*<span class=\"level level--2\">Mức 2 · Nguy cơ</span>", part)
    assert "Tỉnh Bắc Giang</a>:" in part and "chưa có mức nguy cơ công bố" in part


def test_it_lists_the_measures_of_every_level_side_by_side(client, published):
    page = text(client.get("/bien-phap/"))
    for level in (1, 2, 3, 4):
        assert f'class="level-column level-column--{level}"' in page
    assert "Thực hiện nghiêm 5K" in page and "phong tỏa" in page


def test_it_explains_the_method_with_rules_sources_parameters_and_changelog(client, published):
    page = text(client.get("/phuong-phap/"))
    assert "Có chùm F0 chưa rõ nguồn lây" in page  # the Decision's words, not the developers' docstring
    assert "commune.unknown_source_cluster" not in page and "unknown_source_clusters" not in page
    assert 'class="tag tag--I"' in page
    assert "Số ngày một báo cáo được tính" in page and "<td>14</td>" in page
    assert "tạo bộ quy tắc theo Quyết định 2686/QĐ-BCĐQG" in page  # the rule set's changelog


def test_it_documents_the_open_data(client, published):
    page = text(client.get("/du-lieu-mo/"))
    for url in ("/api/v1/levels.json", "/api/v1/levels.csv", "/api/v1/areas.geojson?kind=commune"):
        assert url in page


def test_it_shows_the_notices_that_concern_an_area(client, published, editor):
    from areas.models import Area
    from notices.services import create_notice, publish_notice

    assert "Phong tỏa thôn Nà Lầu" not in text(client.get("/"))  # kept in the cache until a write says otherwise
    notice = create_notice(
        title="Phong tỏa thôn Nà Lầu",
        body="Từ 16/06/2021.",
        author=editor,
        areas=[Area.objects.get(code=TAN_THANH)],
        publish_at=timezone.now(),
    )
    publish_notice(notice=notice, user=editor)
    assert "Phong tỏa thôn Nà Lầu" in text(client.get(f"/khu-vuc/{TAN_THANH}/"))
    assert "Phong tỏa thôn Nà Lầu" in text(client.get("/"))
    assert "Phong tỏa thôn Nà Lầu" not in text(client.get("/khu-vuc/06250/"))


def test_it_finds_a_commune_with_or_without_diacritics(client, published):
    for query in ("tan thanh", "Tân Thanh", "TAN THANH"):
        page = text(client.get("/tim-kiem/", {"q": query}))
        assert 'href="/khu-vuc/06166/">Xã Tân Thanh</a>' in page
        assert "Xã Tân Thành" in page
    exact = text(client.get("/tim-kiem/", {"q": "Tân Thanh"}))
    assert exact.index("Xã Tân Thanh<") < exact.index("Xã Tân Thành<")  # typed diacritics rank first


def test_it_goes_straight_to_an_area_found_by_its_code(client, published):
    response = client.get("/tim-kiem/", {"q": TAN_THANH, "ngay": "2021-06-15"})
    assert response.status_code == 302
    assert response["Location"] == f"/khu-vuc/{TAN_THANH}/?ngay=2021-06-15"


def test_it_says_when_nothing_is_found(client, published):
    page = text(client.get("/tim-kiem/", {"q": "khong co xa nay"}))
    assert "0 kết quả" in page and "Không tìm thấy" in page


def test_it_serves_the_same_pages_in_english_under_en(client, published):
    page = text(client.get("/en/"))
    assert '<html lang="en">' in page
    assert "Level 3 · High risk" in page
    assert "New normal" in page
    area = text(client.get(f"/en/khu-vuc/{TAN_THANH}/"))
    assert "Why this level" in area
    assert "Level 3 · High risk" in area


def test_it_links_every_page_to_the_other_language(client, published):
    assert 'href="/en/khu-vuc/06166/?ngay=2021-06-15" hreflang="en"' in text(
        client.get(f"/khu-vuc/{TAN_THANH}/", {"ngay": "2021-06-15"})
    )
    assert 'href="/khu-vuc/06166/" hreflang="vi"' in text(client.get(f"/en/khu-vuc/{TAN_THANH}/"))


def test_it_says_plainly_when_boundaries_are_schematic(client, published):
    from areas.models import Area

    Area.objects.update(schematic=False)  # as with the official boundaries, whether or not they are on this machine
    assert "Ranh giới sơ đồ." not in text(client.get("/"))
    Area.objects.filter(code=TAN_THANH).update(schematic=True)
    with later():
        for path in ("/", f"/khu-vuc/{TAN_THANH}/"):
            assert "Ranh giới sơ đồ." in text(client.get(path))


def test_it_says_when_the_figures_are_synthetic(client, published, reported):
    from ingest.models import DailyReport

    assert "Số liệu mô phỏng." not in text(client.get("/"))
    DailyReport.objects.update(synthetic=True)
    with later():
        assert "Số liệu mô phỏng." in text(client.get("/"))


def test_it_keeps_script_and_style_out_of_the_html(client, published, announced):
    for path in ("/", f"/khu-vuc/{TAN_THANH}/", "/bien-phap/", "/phuong-phap/", "/du-lieu-mo/", "/tim-kiem/?q=tan"):
        page = text(client.get(path))
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", page), path
        assert not re.search(r"\sstyle=", page), path
        assert not re.search(r"\son[a-z]+=", page), path


def test_it_sets_no_cookie_so_that_pages_can_be_cached(client, published):
    response = client.get("/")
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
