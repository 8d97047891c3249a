"""Search as people type: name and district words in any order, run together, with a typo or without tone marks."""

import datetime

import pytest

from public.search import search_areas, typo_distance

from .builders import TAN_THANH

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 6, 15)
TAN_THANH_HUU_LUNG = "06442"
TAN_THANH_CAO_LOC = "06250"
TAN_THANH_BAC_SON = "06379"
MINH_SON_HUU_LUNG = "06448"
HUU_LUNG = "186"


def codes(query: str) -> list[str]:
    return [area.code for area in search_areas(query=query, day=DAY)]


@pytest.mark.parametrize(
    "query",
    [
        "tan thanh huu lung",
        "huu lung tan thanh",
        "Tân Thành Hữu Lũng",
        "tanthanh huulung",
        "tanthanhhuulung",
        "xa tan thanh huu lung",
        "tan thanh, huu lung",
        "tan thanh hữu lũng",
    ],
)
def test_it_tells_the_three_tan_thanh_apart_by_their_district(langson, query):
    assert codes(query) == [TAN_THANH_HUU_LUNG]


def test_it_finds_a_commune_by_its_name_and_district(langson):
    assert codes("minh son huu lung") == [MINH_SON_HUU_LUNG]
    assert codes("tan thanh cao loc") == [TAN_THANH_CAO_LOC]
    assert codes("bac son tan thanh") == [TAN_THANH_BAC_SON]


def test_it_finds_words_run_together(langson):
    assert HUU_LUNG in codes("huulung")[:2]
    found = codes("tanthanh")
    assert {TAN_THANH_HUU_LUNG, TAN_THANH_CAO_LOC, TAN_THANH_BAC_SON, TAN_THANH} <= set(found)


def test_it_finds_an_area_through_a_typo(langson):
    assert codes("tan thnah huu lung") == [TAN_THANH_HUU_LUNG]
    assert codes("minh sonn huu lugn") == [MINH_SON_HUU_LUNG]
    assert HUU_LUNG in codes("huu lumg")[:2]


def test_it_suggests_while_the_last_word_is_being_typed(langson):
    assert codes("tan thanh huu l") == [TAN_THANH_HUU_LUNG]
    assert TAN_THANH_HUU_LUNG in codes("tan th")


def test_it_ranks_the_name_typed_with_its_tone_marks_first(langson):
    found = codes("Tân Thanh")
    assert found[0] == TAN_THANH
    assert set(found[1:4]) == {TAN_THANH_HUU_LUNG, TAN_THANH_CAO_LOC, TAN_THANH_BAC_SON}


def test_it_does_not_list_every_commune_of_a_district_named(langson):
    found = codes("huu lung")
    # The district, its town Thị trấn Hữu Lũng, and Xã Hữu Liên (name "Hữu…", district "…Lũng") last.
    assert set(found[:2]) == {HUU_LUNG, "06385"} and found[2:] == ["06388"]
    assert codes("Văn Lãng")[0] == "182"


def test_it_finds_nothing_for_words_of_no_area(langson):
    assert codes("khong co xa nay") == []
    assert codes("   ") == []


def test_it_counts_a_swap_of_two_letters_as_one_typo():
    assert typo_distance("thnah", "thanh") == 1
    assert typo_distance("lung", "lung") == 0
    assert typo_distance("lung", "lang") == 1


def test_it_shows_name_and_district_in_the_results_page(client, published):
    page = client.get("/tim-kiem/", {"q": "tan thanh"}).content.decode()
    for district in ("Huyện Hữu Lũng", "Huyện Cao Lộc", "Huyện Bắc Sơn", "Huyện Văn Lãng"):
        assert f'<span class="search-results__district">{district}</span>' in page


def test_it_goes_straight_to_the_one_area_found(client, published):
    response = client.get("/tim-kiem/", {"q": "tanthanh huulung"})
    assert response.status_code == 302 and response["Location"] == f"/khu-vuc/{TAN_THANH_HUU_LUNG}/"


def test_it_answers_suggestions_as_json_in_the_page_language(client, published):
    answer = client.get("/tim-kiem/goi-y/", {"q": "tan thanh van lang"}).json()
    assert answer["results"] == [
        {
            "code": TAN_THANH,
            "name": "Xã Tân Thanh",
            "district": "Huyện Văn Lãng",
            "level": 3,
            "label": "Mức 3 · Nguy cơ cao",
            "url": f"/khu-vuc/{TAN_THANH}/",
        }
    ]
    english = client.get("/en/tim-kiem/goi-y/", {"q": "tan thanh van lang"}).json()
    assert english["results"][0]["label"] == "Level 3 · High risk"
    past = client.get("/en/tim-kiem/goi-y/", {"q": "tan thanh van lang", "ngay": "2021-06-15"}).json()
    assert past["results"][0]["label"] == "Level 2 · Risk"  # the level in force at the end of that day
    assert past["results"][0]["url"] == f"/en/khu-vuc/{TAN_THANH}/?ngay=2021-06-15"
    assert len(client.get("/tim-kiem/goi-y/", {"q": "x"}).json()["results"]) <= 8


def test_it_rejects_a_bad_date_in_suggestions(client, published):
    response = client.get("/tim-kiem/goi-y/", {"q": "tan", "ngay": "hôm qua"})
    assert response.status_code == 400 and "không hợp lệ" in response.json()["error"]


def test_it_finds_the_commune_at_a_position_and_keeps_nothing(client, published, caplog):
    from areas.models import Area

    commune = Area.objects.get(code=TAN_THANH_HUU_LUNG)
    inside = commune.geometry.point_on_surface
    caplog.set_level("DEBUG")
    response = client.post("/tim-kiem/vi-tri/", {"lat": f"{inside.y:.6f}", "lon": f"{inside.x:.6f}"})
    assert response.status_code == 200
    assert response.json()["result"]["code"] == TAN_THANH_HUU_LUNG
    assert response.json()["result"]["district"] == "Huyện Hữu Lũng"
    assert f"{inside.y:.4f}" not in caplog.text and f"{inside.x:.4f}" not in caplog.text
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_says_when_a_position_is_outside_the_province(client, published):
    response = client.post("/en/tim-kiem/vi-tri/", {"lat": "21.0285", "lon": "105.8542"})  # Hà Nội
    assert response.status_code == 404
    assert "Lạng Sơn" in response.json()["error"]


@pytest.mark.parametrize(
    "lat, lon", [("", "106.5"), ("abc", "106.5"), ("91", "106.5"), ("21.8", "nan"), ("21.8", "inf")]
)
def test_it_rejects_a_position_it_cannot_read(client, published, lat, lon):
    response = client.post("/tim-kiem/vi-tri/", {"lat": lat, "lon": lon})
    assert response.status_code == 400 and "Không đọc được vị trí" in response.json()["error"]


def test_it_rejects_a_position_sent_in_the_address(client, published):
    assert client.get("/tim-kiem/vi-tri/", {"lat": "21.8", "lon": "106.5"}).status_code == 405
