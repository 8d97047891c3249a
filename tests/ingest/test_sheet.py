"""The daily entry sheet: a district's (or the province's) communes × the day's figures, saved all at once."""

import datetime
import re

from django.utils import timezone

from ingest.models import DailyReport

from .files import D

SHEET = "/admin/ingest/dailyreport/sheet/"
HUU_LUNG = f"{SHEET}?date=2021-06-10&district=186"


def ids(area, *codes):
    return [area(code).pk for code in codes]


def grid(area, values: dict[str, dict[str, object]], versions: dict[str, str] | None = None) -> dict:
    """POST data for the Hữu Lũng sheet: every cell blank unless given (as a real browser sends them)."""
    from ingest.views.sheet import KEYS

    data = {}
    for commune in area("186").children.all():
        for key in KEYS:
            data[f"c-{commune.pk}-{key}"] = ""
        data[f"v-{commune.pk}"] = (versions or {}).get(commune.code, "")
    data.update({f"v-{area('186').pk}": (versions or {}).get("186", "")})
    for key in KEYS:
        data[f"c-{area('186').pk}-{key}"] = ""
    for code, cells in values.items():
        for key, value in cells.items():
            data[f"c-{area(code).pk}-{key}"] = str(value)
    return data


def test_it_shows_every_commune_of_the_district_then_its_unattributed_row(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    body = client.get(HUU_LUNG).content.decode()
    names = re.findall(r'name="c-(\d+)-community_cases_known_source"', body)
    assert len(names) == 24 + 1 and int(names[-1]) == area("186").pk
    assert "Huyện Hữu Lũng – ca chưa xác định xã" in body


def test_it_orders_inputs_along_the_rows_for_the_tab_key(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    body = client.get(HUU_LUNG).content.decode()
    order = re.findall(r'<input type="text" id="c-(\d+)-(\w+)"', body)
    first, second = area("06385").pk, area("06388").pk
    assert order[:11] == [
        (str(first), key)
        for key in (
            "community_cases_known_source",
            "community_cases_unknown_source",
            "unknown_source_clusters",
            "hard_to_control_source_cases",
            "quarantined_cases",
            "community_f1",
            "tests",
            "recovered",
            "deaths",
            "note",
        )
    ] + [(str(second), "community_cases_known_source")]
    table = body[body.index('<table class="sheet"') : body.index("</table>")]
    assert "tabindex" not in table


def test_it_prefills_what_exists(langson, area, client, data_clerk):
    DailyReport.objects.create(area=area("06388"), date=D, community_f1=7, note="ổ dịch chợ")
    client.force_login(data_clerk)
    body = client.get(HUU_LUNG).content.decode()
    pk = area("06388").pk
    assert f'name="c-{pk}-community_f1" value="7"' in body and f'name="c-{pk}-note" value="ổ dịch chợ"' in body
    assert f'name="c-{pk}-tests" value=""' in body


def test_it_saves_the_grid_in_one_go_skipping_blank_rows(
    langson, area, client, data_clerk, recompute_requests, django_capture_on_commit_callbacks
):
    client.force_login(data_clerk)
    values = {
        "06388": {"community_f1": 3, "tests": 40},
        "06391": {"community_cases_known_source": 1},
        "186": {"community_cases_known_source": 2, "note": "chưa rõ xã"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(HUU_LUNG, grid(area, values), follow=True)
    assert "Đã lưu số liệu ngày 10/06/2021: 3 tạo mới, 0 cập nhật, 0 không đổi." in response.content.decode()
    assert DailyReport.objects.count() == 3
    report = DailyReport.objects.get(area__code="06388")
    assert (report.community_f1, report.tests, report.community_cases_known_source, report.recovered) == (
        3,
        40,
        0,
        None,
    )
    assert report.entered_by == data_clerk and report.history.get().history_user == data_clerk
    assert recompute_requests == [{D}]


def test_it_shows_errors_on_their_cells_and_writes_nothing(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    values = {
        "06388": {"community_f1": 3},
        "06391": {"community_f1": "-2"},
        "06394": {"community_cases_known_source": 1, "hard_to_control_source_cases": 2},
    }
    response = client.post(HUU_LUNG, grid(area, values))
    assert response.status_code == 200
    body = response.content.decode()
    yen_binh = area("06391").pk
    assert re.search(
        rf'<td class="sheet-num cell-error"><input type="text" id="c-{yen_binh}-community_f1" '
        rf'name="c-{yen_binh}-community_f1" value="-2"',
        body,
    )
    assert (
        f'id="c-{yen_binh}-community_f1-error">phải là số nguyên ≥ 0, nhận được &#x27;-2&#x27;: là số âm.</span>'
        in body
    )
    assert "không được lớn hơn số F0 cộng đồng rõ nguồn lây (1), nhận được 2." in body
    assert f'name="c-{area("06388").pk}-community_f1" value="3"' in body  # what the clerk typed is kept
    assert "Chưa lưu: có 2 lỗi" in body
    assert not DailyReport.objects.exists()


def test_it_updates_and_leaves_unchanged_rows_alone(langson, area, client, data_clerk):
    from ingest.selectors import report_version

    kept = DailyReport.objects.create(area=area("06388"), date=D, community_f1=3)
    changed = DailyReport.objects.create(area=area("06391"), date=D, community_f1=1)
    client.force_login(data_clerk)
    values = {
        "06388": {"community_f1": 3, **dict.fromkeys(("community_cases_known_source",), 0)},
        "06391": {"community_f1": 4},
    }
    versions = {"06388": report_version(kept), "06391": report_version(changed)}
    response = client.post(HUU_LUNG, grid(area, values, versions), follow=True)
    assert "0 tạo mới, 1 cập nhật, 1 không đổi" in response.content.decode()
    changed.refresh_from_db()
    assert changed.community_f1 == 4
    assert [h.community_f1 for h in changed.history.order_by("history_id")] == [1, 4]
    assert kept.history.count() == 1


def test_it_refuses_to_overwrite_a_report_changed_since_the_sheet_was_opened(
    langson, area, client, data_clerk, approver
):
    from ingest.selectors import report_version

    report = DailyReport.objects.create(area=area("06388"), date=D, community_f1=3)
    seen = report_version(report)
    report.community_f1, report.entered_by = 9, approver
    report.save()
    client.force_login(data_clerk)
    response = client.post(HUU_LUNG, grid(area, {"06388": {"community_f1": 5}}, {"06388": seen}))
    body = response.content.decode()
    assert "báo cáo này vừa được pheduyet sửa lúc" in body
    report.refresh_from_db()
    assert report.community_f1 == 9
    # The sheet now carries the current version: saving again, the clerk's figure wins knowingly.
    current = re.search(rf'name="v-{area("06388").pk}" value="([^"]*)"', body).group(1)
    client.post(HUU_LUNG, grid(area, {"06388": {"community_f1": 5}}, {"06388": current}))
    report.refresh_from_db()
    assert report.community_f1 == 5


def test_it_shows_the_whole_province(langson, client, data_clerk):
    client.force_login(data_clerk)
    body = client.get(f"{SHEET}?date=2021-06-10").content.decode()
    assert len(re.findall(r'name="c-\d+-community_f1"', body)) == 200 + 11 + 1
    assert "Tỉnh Lạng Sơn – ca chưa xác định huyện" in body
    assert body.count('class="sheet-heading"') == 11


def test_it_refuses_a_future_date(langson, client, data_clerk):
    client.force_login(data_clerk)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    body = client.get(f"{SHEET}?date={tomorrow.isoformat()}&district=186").content.decode()
    assert "Không nhập số liệu cho ngày trong tương lai" in body
    assert "Lưu tất cả" not in body


def test_it_labels_synthetic_reports(langson, area, client, data_clerk):
    DailyReport.objects.create(area=area("06388"), date=D, community_f1=3, synthetic=True)
    client.force_login(data_clerk)
    body = client.get(HUU_LUNG).content.decode()
    assert "Số liệu mô phỏng (demo)" in body


def test_it_is_linked_from_the_admin(langson, client, data_clerk):
    client.force_login(data_clerk)
    assert f'href="{SHEET}"' in client.get("/admin/ingest/dailyreport/").content.decode()
    index = client.get("/admin/").content.decode()
    assert "Bảng nhập liệu hằng ngày" in index
    response = client.get("/admin/ingest/dailysheet/")
    assert response.status_code == 302 and response["Location"] == SHEET
