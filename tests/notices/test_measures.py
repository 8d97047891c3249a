"""The measures shown for a date are those in force that date: the Decision's, cumulative, and the province's apart."""

import datetime

import pytest
from django.urls import reverse

from notices.models import Measure
from notices.selectors import measures_for

pytestmark = pytest.mark.django_db

AUG_1 = datetime.date(2021, 8, 1)


def texts(group) -> list[str]:
    return [m.lead for m in group.measures]


def test_it_seeds_the_decisions_measures_with_their_legal_reference():
    seeded = Measure.objects.filter(mandatory=True)
    assert [seeded.filter(level=level).count() for level in (1, 2, 3, 4)] == [3, 4, 5, 4]
    first = seeded.get(level=1, order=1)
    assert first.text_vi.startswith("Đối với cá nhân: Thực hiện nghiêm 5K")
    assert first.text_en.startswith("Individuals: strictly follow 5K")
    assert first.legal_reference == "Quyết định 2686/QĐ-BCĐQG, Phần IV, mục 1, điểm a"
    assert {m.valid_from for m in seeded} == {datetime.date(2021, 5, 31)}


def test_it_gives_the_measures_of_every_level_up_to_the_areas(places):
    shown = measures_for(level=3, date=AUG_1, language="vi")
    assert [group.level for group in shown.mandatory] == [1, 2, 3]
    assert [len(group.measures) for group in shown.mandatory] == [3, 4, 5]
    assert shown.mandatory[2].label == "Nguy cơ cao"
    assert texts(shown.mandatory[1])[1].startswith("Tạm dừng hoạt động các cơ sở kinh doanh dễ bị lây nhiễm")
    distancing = measures_for(level=4, date=AUG_1, language="vi").mandatory[3].measures[2]
    assert distancing.lead.startswith("Áp dụng các hoạt động giãn cách xã hội trong vòng 14 ngày")
    assert len(distancing.points) == 7 and distancing.points[-1].startswith("Dừng hoạt động vận chuyển hành khách")


def test_it_gives_no_measures_before_the_decision_took_effect():
    assert measures_for(level=4, date=datetime.date(2021, 5, 30)).is_empty


def test_it_gives_the_english_gloss_and_falls_back_to_vietnamese(places, editor):
    english = measures_for(level=1, date=AUG_1, language="en")
    assert english.mandatory[0].label == "New normal"
    assert english.mandatory[0].measures[0].language == "en"
    Measure.objects.filter(level=1, order=2).update(text_en="")
    item = measures_for(level=1, date=AUG_1, language="en").mandatory[0].measures[1]
    assert item.language == "vi" and item.lead.startswith("Đối với tổ chức, đơn vị")


def test_it_shows_the_provinces_stricter_measures_apart(places):
    def local(level, area, text, decision, valid_from=AUG_1):
        return Measure.objects.create(
            level=level,
            mandatory=False,
            area=area,
            text_vi=text,
            legal_reference="",
            local_decision=decision,
            valid_from=valid_from,
        )

    local(2, None, "Đeo khẩu trang ở mọi nơi công cộng.", "Quyết định 1/QĐ-UBND")
    local(3, places.huu_lung, "Đóng cửa chợ đầu mối.", "Quyết định 2/QĐ-UBND")
    local(3, places.city, "Dừng xe buýt nội thị.", "Quyết định 3/QĐ-UBND")
    local(3, places.huu_lien, "Lập chốt ở Hữu Liên.", "Quyết định 4/QĐ-UBND", valid_from=datetime.date(2021, 9, 1))

    in_huu_lien = measures_for(level=3, date=AUG_1, area=places.huu_lien)
    assert [m.lead for m in in_huu_lien.local] == ["Đeo khẩu trang ở mọi nơi công cộng.", "Đóng cửa chợ đầu mối."]
    assert [m.area_name for m in in_huu_lien.local] == ["", "Huyện Hữu Lũng"]
    assert in_huu_lien.local[1].local_decision == "Quyết định 2/QĐ-UBND"
    assert all(m.mandatory for group in in_huu_lien.mandatory for m in group.measures)
    assert [m.lead for m in measures_for(level=2, date=AUG_1, area=places.huu_lien).local] == [
        "Đeo khẩu trang ở mọi nơi công cộng."
    ]
    assert [m.lead for m in measures_for(level=3, date=AUG_1).local] == ["Đeo khẩu trang ở mọi nơi công cộng."]
    assert "Lập chốt ở Hữu Liên." in [
        m.lead for m in measures_for(level=3, date=datetime.date(2021, 9, 1), area=places.huu_lien).local
    ]


def change_form(measure: Measure, **changes) -> dict:
    data = {
        "level": measure.level,
        "order": measure.order,
        "text_vi": measure.text_vi,
        "text_en": measure.text_en,
        "legal_reference": measure.legal_reference,
        "mandatory": "on" if measure.mandatory else "",
        "area": measure.area_id or "",
        "local_decision": measure.local_decision,
        "valid_from": measure.valid_from.isoformat(),
        "valid_to": measure.valid_to.isoformat() if measure.valid_to else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_it_shows_each_date_the_version_then_in_force(client, editor):
    client.force_login(editor)
    old = Measure.objects.get(level=3, order=1, mandatory=True)
    response = client.post(
        reverse("admin:notices_measure_change", args=[old.pk]),
        change_form(
            old, text_vi="Dừng các hoạt động tập trung từ 20 người trở lên.", valid_from="2021-09-01", _saveasnew="1"
        ),
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == datetime.date(2021, 8, 31)

    def first_level_3_measure(date):
        return measures_for(level=3, date=date, language="vi").mandatory[2].measures[0].lead

    assert first_level_3_measure(datetime.date(2021, 8, 31)).startswith("Dừng các hoạt động tập trung từ 30 người")
    assert first_level_3_measure(datetime.date(2021, 9, 1)) == "Dừng các hoạt động tập trung từ 20 người trở lên."
    assert len(measures_for(level=3, date=datetime.date(2021, 9, 1)).mandatory[2].measures) == 5


def test_it_rejects_a_new_version_starting_before_the_old_one_and_writes_nothing(client, editor):
    client.force_login(editor)
    old = Measure.objects.get(level=3, order=1, mandatory=True)
    count = Measure.objects.count()
    response = client.post(
        reverse("admin:notices_measure_change", args=[old.pk]),
        change_form(old, text_vi="Sớm hơn.", valid_from="2021-05-01", _saveasnew="1"),
    )
    assert response.status_code == 200
    assert "Phiên bản mới phải có hiệu lực sau ngày 31/05/2021" in response.content.decode()
    old.refresh_from_db()
    assert Measure.objects.count() == count and old.valid_to is None


def test_it_rejects_a_local_measure_without_its_decision_number(client, editor, places):
    client.force_login(editor)
    count = Measure.objects.count()
    response = client.post(
        reverse("admin:notices_measure_add"),
        {
            "level": 3,
            "order": 1,
            "text_vi": "Cấm tụ tập.",
            "area": places.huu_lung.pk,
            "valid_from": "2021-08-01",
        },
    )
    assert response.status_code == 200
    assert "Biện pháp của tỉnh phải ghi số quyết định ban hành." in response.content.decode()
    assert Measure.objects.count() == count


def test_it_rejects_an_area_on_a_mandatory_measure(client, editor, places):
    client.force_login(editor)
    response = client.post(
        reverse("admin:notices_measure_add"),
        {
            "level": 3,
            "order": 1,
            "text_vi": "Cấm tụ tập.",
            "legal_reference": "-",
            "mandatory": "on",
            "area": places.huu_lung.pk,
            "valid_from": "2021-08-01",
        },
    )
    assert response.status_code == 200 and "áp dụng toàn quốc" in response.content.decode()
