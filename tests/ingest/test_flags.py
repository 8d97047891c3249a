"""Analyst flags and declared levels of external areas: checked, audited, and recomputed over their range."""

import datetime

import pytest

from ingest.models import AreaFlag, DeclaredLevel

FLAGS = "/admin/ingest/areaflag/"
DECLARED = "/admin/ingest/declaredlevel/"


def flag_data(area_pk, flag="illegal_entry_risk", value="", start="01/06/2021", end="03/06/2021"):
    return {"area": area_pk, "flag": flag, "value": value, "start": start, "end": end, "note": "đồn biên phòng báo"}


def test_it_sets_a_flag_and_recomputes_its_dates(
    langson, area, client, data_clerk, recompute_requests, django_capture_on_commit_callbacks
):
    client.force_login(data_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{FLAGS}add/", flag_data(area("06166").pk))
    assert response.status_code == 302
    flag = AreaFlag.objects.get()
    assert (flag.set_by, flag.start, flag.end) == (data_clerk, datetime.date(2021, 6, 1), datetime.date(2021, 6, 3))
    assert recompute_requests == [{datetime.date(2021, 6, d) for d in (1, 2, 3)}]


def test_it_recomputes_the_old_and_new_range_of_a_changed_flag(
    langson, area, client, data_clerk, recompute_requests, django_capture_on_commit_callbacks
):
    client.force_login(data_clerk)
    client.post(f"{FLAGS}add/", flag_data(area("06166").pk))
    flag = AreaFlag.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{FLAGS}{flag.pk}/change/", flag_data(area("06166").pk, start="05/06/2021", end="05/06/2021"))
    assert recompute_requests[-1] == {datetime.date(2021, 6, d) for d in (1, 2, 3, 5)}
    old, new = flag.history.order_by("history_id")
    assert (old.start, new.start, new.history_user) == (
        datetime.date(2021, 6, 1),
        datetime.date(2021, 6, 5),
        data_clerk,
    )


@pytest.mark.parametrize(
    "code, flag, value, message",
    [
        ("06166", "scattered", "", "không dùng cho cấp xã"),
        ("186", "illegal_entry_risk", "", "không dùng cho cấp huyện"),
        ("186", "fast_spread_share", "", "cần một giá trị từ 0 đến 1"),
        ("186", "fast_spread_share", "1.5", "Giá trị phải từ 0 đến 1"),
        ("186", "scattered", "0.5", "Chỉ yếu tố “tỷ lệ lây lan nhanh” có giá trị"),
        ("186", "spread_to_other_provinces", "", "không dùng cho cấp huyện"),
    ],
)
def test_it_rejects_a_flag_that_does_not_fit(langson, area, client, data_clerk, code, flag, value, message):
    client.force_login(data_clerk)
    response = client.post(f"{FLAGS}add/", flag_data(area(code).pk, flag=flag, value=value))
    assert response.status_code == 200 and message in response.content.decode()
    assert not AreaFlag.objects.exists()


def test_it_rejects_an_overlapping_flag_and_a_reversed_range(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    client.post(f"{FLAGS}add/", flag_data(area("06166").pk))
    overlap = client.post(f"{FLAGS}add/", flag_data(area("06166").pk, start="03/06/2021", end="09/06/2021"))
    assert "Xã Tân Thanh đã có yếu tố này từ 01/06/2021 đến 03/06/2021" in overlap.content.decode()
    reversed_range = client.post(f"{FLAGS}add/", flag_data(area("06166").pk, start="09/06/2021", end="05/06/2021"))
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in reversed_range.content.decode()
    assert AreaFlag.objects.count() == 1


def test_it_declares_the_level_of_an_external_area(
    langson, area, client, data_clerk, recompute_requests, django_capture_on_commit_callbacks
):
    client.force_login(data_clerk)
    data = {
        "area": area("24").pk,
        "level": 4,
        "start": "31/05/2021",
        "end": "02/06/2021",
        "reference": "Thông báo 01/TB-BCĐ ngày 31/5/2021",
        "note": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{DECLARED}add/", data).status_code == 302
    declared = DeclaredLevel.objects.get()
    assert (declared.level, declared.entered_by) == (4, data_clerk)
    assert declared.history.get().history_user == data_clerk
    assert recompute_requests == [{datetime.date(2021, 5, 31), datetime.date(2021, 6, 1), datetime.date(2021, 6, 2)}]


def test_it_rejects_a_declared_level_inside_the_province_or_without_reference(langson, area, client, data_clerk):
    client.force_login(data_clerk)
    data = {"area": area("24").pk, "level": 4, "start": "31/05/2021", "end": "30/06/2021", "reference": " ", "note": ""}
    response = client.post(f"{DECLARED}add/", data)
    assert response.status_code == 200 and response.context["adminform"].form.errors["reference"]
    from django.core.exceptions import ValidationError

    from ingest.services.flags import validate_declared_level

    inside = DeclaredLevel(
        area=area("186"), level=3, start=datetime.date(2021, 6, 1), end=datetime.date(2021, 6, 2), reference=" "
    )
    with pytest.raises(ValidationError) as rejected:
        validate_declared_level(declared=inside, user=data_clerk)
    assert rejected.value.message_dict == {
        "area": ["Chỉ nhập cấp độ công bố cho đơn vị ngoài tỉnh; cấp độ trong tỉnh được tính từ số liệu."],
        "reference": ["Hãy ghi văn bản công bố (số, ngày, cơ quan)."],
    }
    assert not DeclaredLevel.objects.exists()


def test_it_keeps_a_deleted_flag_in_the_history(
    langson, area, client, data_clerk, recompute_requests, django_capture_on_commit_callbacks
):
    client.force_login(data_clerk)
    client.post(f"{FLAGS}add/", flag_data(area("06166").pk))
    flag = AreaFlag.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{FLAGS}{flag.pk}/delete/", {"post": "yes"})
    assert not AreaFlag.objects.exists()
    deleted = AreaFlag.history.filter(id=flag.pk).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", data_clerk)
    assert recompute_requests[-1] == {datetime.date(2021, 6, d) for d in (1, 2, 3)}
