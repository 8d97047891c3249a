"""Open data: levels as JSON and CSV, one area, boundaries as GeoJSON; dated, validated, rate-limited."""

import csv
import datetime
import io
import json

import pytest
import shapely

from .builders import TAN_THANH


def test_it_gives_the_levels_in_force_as_json(client, published):
    response = client.get("/api/v1/levels.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["date"] is None
    assert data["publication"]["data_date"] == "2021-06-15"
    assert data["publication"]["effective_at"] == "2021-06-16T00:00:00+07:00"
    assert len(data["areas"]) == 212
    assert data["areas"][0]["code"] == "20"
    row = next(a for a in data["areas"] if a["code"] == TAN_THANH)
    assert row == {
        "code": TAN_THANH,
        "name": "Xã Tân Thanh",
        "kind": "commune",
        "parent": "182",
        "level": 3,
        "label": "Nguy cơ cao",
        "since": "2021-06-16",
        "data_date": "2021-06-15",
    }


def test_it_gives_the_levels_published_on_a_date(client, published):
    data = client.get("/api/v1/levels.json", {"date": "2021-06-15"}).json()
    assert data["date"] == "2021-06-15"
    assert data["publication"]["data_date"] == "2021-06-14"
    assert next(a for a in data["areas"] if a["code"] == TAN_THANH)["level"] == 2


def test_it_gives_no_levels_before_the_first_publication(client, published):
    data = client.get("/api/v1/levels.json", {"date": "2021-01-01"}).json()
    assert data["publication"] is None and data["areas"] == []


@pytest.mark.parametrize(
    "path", ["/api/v1/levels.json", "/api/v1/levels.csv", "/api/v1/areas.geojson", f"/api/v1/areas/{TAN_THANH}.json"]
)
@pytest.mark.parametrize("value", ["2021-13-01", "yesterday", "2999-01-01"])
def test_it_rejects_a_bad_date_with_a_clear_message(client, published, path, value):
    response = client.get(path, {"date": value})
    assert response.status_code == 400
    message = response.json()["error"]
    assert "YYYY-MM-DD" in message or "chưa đến" in message


def test_it_gives_the_levels_as_csv(client, published):
    response = client.get("/api/v1/levels.csv", {"date": "2021-06-15"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="levels-2021-06-15.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["code", "name", "kind", "parent", "level", "label", "since", "data_date"]
    assert len(rows) == 213
    assert [TAN_THANH, "Xã Tân Thanh", "commune", "182", "2", "Nguy cơ", "2021-06-10", "2021-06-14"] in rows


def test_it_keeps_formulas_out_of_the_csv(client, published):
    from areas.models import Area

    Area.objects.filter(code=TAN_THANH).update(name='=HYPERLINK("x")')
    rows = list(csv.reader(io.StringIO(client.get("/api/v1/levels.csv").content.decode())))
    assert next(r for r in rows if r[0] == TAN_THANH)[1] == '\'=HYPERLINK("x")'


@pytest.mark.parametrize("kind, count", [("commune", 200), ("district", 11), ("province", 1)])
def test_it_gives_valid_geojson_of_each_kind_of_area(client, published, kind, count):
    response = client.get("/api/v1/areas.geojson", {"kind": kind})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == count
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {"code", "name", "kind", "parent", "population", "level", "label"}
        geometry = shapely.geometry.shape(feature["geometry"])
        assert geometry.geom_type == "MultiPolygon" and geometry.is_valid and not geometry.is_empty
        assert all(len(str(c).split(".")[-1]) <= 4 for c in feature["geometry"]["coordinates"][0][0][0])
    if kind == "commune":
        tan_thanh = next(f for f in data["features"] if f["id"] == TAN_THANH)["properties"]
        assert tan_thanh["level"] == 3 and tan_thanh["parent"] == "182" and tan_thanh["population"] == 4039


def test_it_rejects_an_unknown_kind(client, published):
    response = client.get("/api/v1/areas.geojson", {"kind": "village"})
    assert response.status_code == 400
    assert "kind=commune, district hoặc province" in response.json()["error"]


def test_it_gives_one_area_with_its_reasons_and_neighbours(client, published):
    data = client.get(f"/api/v1/areas/{TAN_THANH}.json").json()
    assert data["area"]["name"] == "Xã Tân Thanh"
    assert data["level"] == 3 and data["since"] == "2021-06-16" and data["step_down_date"] == "2021-06-30"
    assert data["reasons"][0]["rule"] == "commune.unknown_source_case"
    assert data["neighbours"] and all({"code", "name", "level"} == set(n) for n in data["neighbours"])


def test_it_answers_404_for_an_unknown_code(client, published):
    response = client.get("/api/v1/areas/99999.json")
    assert response.status_code == 404
    assert response.json()["error"] == "Không có địa bàn nào mã “99999”."


def test_it_labels_levels_in_english_under_en(client, published):
    data = client.get("/en/api/v1/levels.json").json()
    assert next(a for a in data["areas"] if a["code"] == TAN_THANH)["label"] == "High risk"


def test_it_revalidates_with_etag(client, published):
    first = client.get("/api/v1/levels.json")
    assert client.get("/api/v1/levels.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/api/v1/levels.json", {"date": "2021-06-15"})["ETag"] != first["ETag"]


def test_it_limits_the_rate_per_client_address(client, published, settings):
    import time_machine

    settings.API_RATE_LIMIT = "3/m"
    settings.PROXY_COUNT = 1
    with time_machine.travel(datetime.datetime(2021, 6, 16, 9, 30, 15, tzinfo=datetime.UTC), tick=False):
        for _ in range(3):
            assert client.get("/api/v1/levels.json", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
        refused = client.get("/api/v1/levels.csv", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.json()["error"] and "3/m" in refused.json()["error"]
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 60 and f"thử lại sau {seconds} giây" in refused.json()["error"]
    # Another client behind the same proxy is not refused, nor is a forged leftmost address.
    assert client.get("/api/v1/levels.json", HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.2").status_code == 200
    assert client.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200  # pages are not limited


def test_it_counts_in_fixed_windows_and_says_when_the_next_one_starts(client, published, settings):
    import time_machine

    settings.API_RATE_LIMIT = "2/m"
    address = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    settings.PROXY_COUNT = 1
    with time_machine.travel(datetime.datetime(2021, 6, 16, 9, 30, 15, tzinfo=datetime.UTC), tick=False) as clock:
        assert [client.get("/api/v1/levels.json", **address).status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/api/v1/levels.json", **address)["Retry-After"] == "45"
        clock.move_to(datetime.datetime(2021, 6, 16, 9, 31, 0, tzinfo=datetime.UTC))
        assert client.get("/api/v1/levels.json", **address).status_code == 200


def test_it_reads_allowances_as_written_in_the_settings():
    from public.ratelimit import allowance

    assert [allowance(rate) for rate in ("300/m", "20/5m", "1/s", "1000/d")] == [
        (300, 60),
        (20, 300),
        (1, 1),
        (1000, 86400),
    ]
    with pytest.raises(ValueError, match="API_RATE_LIMIT must read like 300/m"):
        allowance("300 per minute")


def test_it_refuses_to_start_with_an_allowance_it_cannot_read(settings):
    from django.core import checks

    settings.API_RATE_LIMIT = "300 per minute"
    errors = [message for message in checks.run_checks() if message.id == "public.E001"]
    assert len(errors) == 1 and "300/m" in errors[0].msg
    settings.API_RATE_LIMIT = "300/m"
    assert not [message for message in checks.run_checks() if message.id == "public.E001"]


def test_it_never_asks_to_retry_after_0_seconds():
    from public.ratelimit import retry_after

    assert [retry_after({"time_left": left}) for left in (0, 1, 59)] == [1, 1, 59]
