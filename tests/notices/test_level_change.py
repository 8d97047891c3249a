"""A publication that changes levels leaves a draft notice for the editors: areas, new levels, time, measures."""

import datetime

import pytest

from notices import services
from notices.models import Measure, Notice
from risk.models import Publication, PublishedLevel

from .moments import at


def publish(places, effective_at, **levels) -> Publication:
    publication = Publication.objects.create(data_date=effective_at.date(), effective_at=effective_at)
    for name, level in levels.items():
        PublishedLevel.objects.create(
            publication=publication,
            area=getattr(places, name),
            level=level,
            computed_level=level,
            since=effective_at.date(),
        )
    return publication


QUIET = dict(province=1, city=1, huu_lung=1, huu_lien=1, yen_binh=1, hoang_van_thu=1)


def sections(body: str) -> dict[str, str]:
    """Return the body's sections by their heading."""
    parts = body.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: part for part in parts}


@pytest.fixture
def local_measures(places):
    Measure.objects.create(
        level=3,
        order=1,
        mandatory=False,
        area=places.huu_lung,
        text_vi="Đóng cửa chợ đầu mối Hữu Lũng.",
        legal_reference="",
        local_decision="Quyết định số 15/QĐ-UBND ngày 02/8/2021 của UBND huyện Hữu Lũng",
        valid_from=datetime.date(2021, 8, 2),
    )
    Measure.objects.create(
        level=4,
        order=1,
        mandatory=False,
        text_vi="Lập chốt kiểm soát ra vào địa bàn.",
        legal_reference="",
        local_decision="Quyết định số 1234/QĐ-UBND ngày 01/8/2021 của UBND tỉnh Lạng Sơn",
        valid_from=datetime.date(2021, 8, 1),
    )


def test_it_drafts_a_notice_listing_the_changes_and_the_measures_they_bring(places, local_measures):
    publish(places, at(2021, 8, 1, 20, 0), **{**QUIET, "huu_lung": 2, "huu_lien": 2, "hoang_van_thu": 2})
    publication = publish(
        places,
        at(2021, 8, 5, 20, 0),
        **{
            **QUIET,
            "province": 2,
            "huu_lung": 3,
            "huu_lien": 4,
            "yen_binh": 3,
            "hoang_van_thu": 1,
        },
    )

    notice = services.prepare_level_change_notice(publication=publication)

    assert notice.status == Notice.Status.DRAFT and not notice.is_public()
    assert notice.source_publication == publication and notice.author is None
    assert notice.title == "Thay đổi mức độ nguy cơ COVID-19 từ 20:00 ngày 05/08/2021"
    assert set(notice.areas.all()) == {
        places.province,
        places.huu_lung,
        places.huu_lien,
        places.yen_binh,
        places.hoang_van_thu,
    }
    assert notice.levels == [1, 2, 3, 4]
    assert "5 địa bàn" in notice.summary and "4 địa bàn lên mức cao hơn" in notice.summary
    assert "Từ **20:00 ngày 05/08/2021**" in notice.body

    groups = sections(notice.body)
    assert list(groups) == [
        "Lên Mức 4 · Nguy cơ rất cao (trước đó: Mức 2 · Nguy cơ)",
        "Lên Mức 3 · Nguy cơ cao (trước đó: Mức 2 · Nguy cơ)",
        "Lên Mức 3 · Nguy cơ cao (trước đó: Mức 1 · Bình thường mới)",
        "Lên Mức 2 · Nguy cơ (trước đó: Mức 1 · Bình thường mới)",
        "Xuống Mức 1 · Bình thường mới (trước đó: Mức 2 · Nguy cơ)",
    ]
    to_red = groups["Lên Mức 4 · Nguy cơ rất cao (trước đó: Mức 2 · Nguy cơ)"]
    assert "- Xã Hữu Liên (Huyện Hữu Lũng)" in to_red
    assert "Dừng các hoạt động tập trung từ 30 người trở lên" in to_red  # level 3
    assert "Áp dụng các hoạt động giãn cách xã hội trong vòng 14 ngày" in to_red  # level 4
    assert "    - Dừng hoạt động vận chuyển hành khách công cộng." in to_red  # its sub-points
    assert "Tạm dừng hoạt động các cơ sở kinh doanh dễ bị lây nhiễm" not in to_red  # level 2: already applied
    assert "Lập chốt kiểm soát ra vào địa bàn." in to_red
    assert "Riêng Huyện Hữu Lũng: Đóng cửa chợ đầu mối Hữu Lũng." in to_red
    assert "Quyết định 2686/QĐ-BCĐQG, Phần IV, mục 4, điểm 3" in to_red
    assert "*Mức 3 · Nguy cơ cao*" in to_red and "*Mức 4 · Nguy cơ rất cao*" in to_red

    from_green = groups["Lên Mức 3 · Nguy cơ cao (trước đó: Mức 1 · Bình thường mới)"]
    assert "- Xã Yên Bình (Huyện Hữu Lũng)" in from_green
    assert "Tạm dừng hoạt động các cơ sở kinh doanh dễ bị lây nhiễm" in from_green
    assert "Áp dụng các hoạt động giãn cách xã hội" not in from_green

    down = groups["Xuống Mức 1 · Bình thường mới (trước đó: Mức 2 · Nguy cơ)"]
    assert "- Phường Hoàng Văn Thụ (Thành phố Lạng Sơn)" in down
    assert "không còn áp dụng" in down and "Tạm dừng hoạt động các cơ sở kinh doanh dễ bị lây nhiễm" in down

    assert "<h2>Lên Mức 4 · Nguy cơ rất cao" in notice.body_html.replace("\n", "")


def test_it_drafts_nothing_when_no_level_changed(places):
    publish(places, at(2021, 8, 1, 20, 0), **{**QUIET, "huu_lien": 2})
    same = publish(places, at(2021, 8, 2, 8, 0), **{**QUIET, "huu_lien": 2})
    assert services.prepare_level_change_notice(publication=same) is None
    assert not Notice.objects.exists()


def test_it_treats_the_first_publication_as_a_change_from_the_new_normal(places):
    first = publish(places, at(2021, 8, 1, 20, 0), **{**QUIET, "huu_lien": 2})
    notice = services.prepare_level_change_notice(publication=first)
    assert list(notice.areas.all()) == [places.huu_lien]
    assert services.prepare_level_change_notice(publication=publish(places, at(2021, 7, 1, 8, 0), **QUIET)) is None


def test_it_compares_with_the_publication_in_force_just_before(places):
    publish(places, at(2021, 8, 1, 20, 0), **{**QUIET, "huu_lien": 2})
    # Published earlier but taking effect later: not what was in force before the one announced.
    publish(places, at(2021, 8, 10, 8, 0), **{**QUIET, "huu_lien": 4})
    middle = publish(places, at(2021, 8, 5, 20, 0), **{**QUIET, "huu_lien": 3})
    notice = services.prepare_level_change_notice(publication=middle)
    assert list(sections(notice.body)) == ["Lên Mức 3 · Nguy cơ cao (trước đó: Mức 2 · Nguy cơ)"]


def test_it_prepares_one_draft_per_publication(places):
    publication = publish(places, at(2021, 8, 1, 20, 0), **{**QUIET, "yen_binh": 3})
    first = services.prepare_level_change_notice(publication=publication)
    assert services.prepare_level_change_notice(publication=publication) == first
    assert Notice.objects.count() == 1


def test_it_lists_the_measures_in_force_on_the_effective_date(places, editor):
    old = Measure.objects.get(level=3, mandatory=True, order=5)
    new = Measure(
        level=3,
        order=5,
        text_vi="Khai báo y tế bắt buộc với toàn bộ người dân (phiên bản mới).",
        legal_reference=old.legal_reference,
        valid_from=datetime.date(2021, 8, 4),
    )
    services.save_measure(measure=new, user=editor, replaces=old)

    before = services.prepare_level_change_notice(
        publication=publish(places, at(2021, 8, 3, 20, 0), **{**QUIET, "city": 3})
    )
    after = services.prepare_level_change_notice(
        publication=publish(places, at(2021, 8, 6, 20, 0), **{**QUIET, "yen_binh": 3})
    )
    assert old.text_vi in before.body and new.text_vi not in before.body
    assert new.text_vi in after.body and old.text_vi not in after.body
