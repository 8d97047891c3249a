"""Where the forecast shows: the area page, the open data, the method page (all hidden by FORECAST_PUBLIC), and
the approver's review page; and that a publication computes and stores it through the Celery task."""

import datetime
import re

import pytest

from tests.public.builders import TAN_THANH, publish_demo, report_cases

D = datetime.date


@pytest.fixture(autouse=True)
def clean_caches(settings, tmp_path):
    """Pages are cached per site version: forget everything around each test; tasks run in-process."""
    from covidmaps.celery import app
    from public import httpcache

    settings.MAP_TILE_URL = ""
    settings.PUBLISHED_ROOT = tmp_path / "published"
    settings.FORECAST_FUTURES = 80
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True

    def forget():
        httpcache.clear()

    forget()
    yield
    forget()
    app.conf.task_always_eager = previous


@pytest.fixture
def forecast_stored(langson):
    """Lạng Sơn with two publications (data of 14/06 and 15/06/2021), cases in Tân Thanh, and a forecast of the
    publication in force."""
    from risk.forecasting import compute_forecast

    first, second = publish_demo()
    report_cases()
    stored = compute_forecast(publication=second, futures=80)
    return first, second, stored


def test_it_stores_a_forecast_for_the_publication(forecast_stored):
    _first, second, stored = forecast_stored
    assert stored.publication == second and stored.origin == D(2021, 6, 15) and stored.futures == 80
    area = stored.data["areas"][TAN_THANH]
    assert len(area["days"]) == 7
    assert all(abs(sum(day) - 1) < 1e-3 for day in area["days"])
    assert stored.data["days"][0] == "2021-06-16"


def on_day(*args):
    """The clock of a page read on that day (local time, mid-morning)."""
    import time_machine

    return time_machine.travel(
        datetime.datetime(*args, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=7))), tick=False
    )


def test_the_area_page_shows_the_forecast_in_words_and_a_chart(client, forecast_stored):
    with on_day(2021, 6, 16):
        html = client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()
    assert "Dự báo 7 ngày tới" in html
    assert "dự báo, không phải cấp độ chính thức" in html
    assert "Khả năng địa bàn lên cấp độ cao hơn hiện nay trong 7 ngày tới" in html
    assert html.count('class="forecast__bar forecast__bar--') >= 7
    assert 'href="/phuong-phap/#forecast"' in html
    section = html[html.index('<section class="forecast"') :]
    section = section[: section.index("</section>")]
    assert "Ngày 16/06: nhiều khả năng nhất" in section and "Ngày 22/06" in section
    assert " style=" not in section and "<script" not in section  # the strict CSP allows neither


def test_it_shows_only_the_days_still_ahead(client, forecast_stored):
    with on_day(2021, 6, 19):
        section = client.get(f"/khu-vuc/{TAN_THANH}/").content.decode().split('<section class="forecast"')[1]
    assert "Ngày 18/06" not in section and "Ngày 19/06" in section and "Ngày 22/06" in section
    with on_day(2021, 6, 23):
        html = client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()
    assert "Dự báo 7 ngày tới" not in html  # every day has passed: nothing is shown as a forecast any more
    # A page of the past shows the forecast as it stood then.
    assert (
        "Ngày 16/06: nhiều khả năng nhất"
        in client.get(f"/khu-vuc/{TAN_THANH}/", {"ngay": "2021-06-16"}).content.decode()
    )


def test_the_forecast_is_marked_in_english_too(client, forecast_stored):
    with on_day(2021, 6, 16):
        html = client.get(f"/en/khu-vuc/{TAN_THANH}/").content.decode()
    assert "Forecast for the next 7 days" in html
    assert 'href="/en/phuong-phap/#forecast"' in html


def test_one_setting_hides_it_everywhere_public(client, forecast_stored, settings):
    from public import httpcache

    with on_day(2021, 6, 16):
        assert "Dự báo 7 ngày tới" in client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()
    settings.FORECAST_PUBLIC = False
    httpcache.clear()  # a setting is not part of the site's version: a deployment that changes it starts afresh
    with on_day(2021, 6, 16):
        assert "Dự báo 7 ngày tới" not in client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()
    assert 'id="forecast"' not in client.get("/phuong-phap/").content.decode()
    response = client.get("/api/v1/forecast.json")
    assert response.status_code == 404
    assert "không được công bố" in response.json()["error"]


def test_the_method_page_explains_the_forecast_with_its_sources(client, forecast_stored):
    html = client.get("/phuong-phap/").content.decode()
    assert 'id="forecast"' in html
    assert "Cori A, Ferguson NM, Fraser C, Cauchemez S" in html
    assert "Nishiura H" in html and "<code>serial_mean</code>" in html


def test_the_open_data_gives_the_forecast_in_force(client, forecast_stored):
    response = client.get("/api/v1/forecast.json")
    assert response.status_code == 200
    data = response.json()
    assert data["forecast"] is True
    assert data["origin"] == "2021-06-15" and data["publication"]["data_date"] == "2021-06-15"
    assert data["days"] == [f"2021-06-{d}" for d in range(16, 23)]
    assert data["method"].endswith("/phuong-phap/#forecast")
    row = next(a for a in data["areas"] if a["code"] == TAN_THANH)
    assert set(row) == {"code", "current", "rise", "probabilities"}
    assert len(data["areas"]) == 212  # every internal area: the province, its 11 districts and 200 communes
    for area in data["areas"]:
        assert all(abs(sum(p) - 1) < 1e-3 for p in area["probabilities"])


def test_the_open_data_gives_a_past_forecast_by_date(client, forecast_stored):
    from risk.forecasting import compute_forecast

    first, _second, _stored = forecast_stored
    response = client.get("/api/v1/forecast.json?date=2021-06-15")
    assert response.status_code == 404  # the publication in force on 15/06 has no forecast yet
    compute_forecast(publication=first, futures=40)
    data = client.get("/api/v1/forecast.json?date=2021-06-15").json()
    assert data["origin"] == "2021-06-14" and data["futures"] == 40
    assert client.get("/api/v1/forecast.json?date=15-06-2021").status_code == 400


def test_publishing_computes_the_forecast_through_the_task(langson, approver, django_capture_on_commit_callbacks):
    from ingest.models import DailyReport
    from risk.models import PublicationForecast
    from risk.services.publication import publish_levels
    from risk.services.recompute import recompute

    DailyReport.objects.create(
        area=langson.__class__.objects.get(code=TAN_THANH),
        date=D(2021, 6, 10),
        community_cases_unknown_source=2,
        unknown_source_clusters=1,
    )
    recompute(dates=[D(2021, 6, 10)])
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish_levels(
            data_date=D(2021, 6, 10),
            effective_at=datetime.datetime(2021, 6, 10, 20, 0),
            user=approver,
            confirm_incomplete=True,
        )
    stored = PublicationForecast.objects.get(publication=publication)
    assert stored.futures == 80 and stored.origin == D(2021, 6, 10)
    assert stored.data["areas"][TAN_THANH]["current"] == 4


def test_the_review_page_lists_the_chance_of_rising_highest_first(
    client, langson, approver, django_capture_on_commit_callbacks
):
    from areas.models import Area
    from ingest.models import DailyReport
    from risk.forecasting import review_forecast
    from risk.services.publication import publish_levels
    from risk.services.recompute import recompute

    tan_thanh = Area.objects.get(code=TAN_THANH)
    for day in range(4, 11):
        DailyReport.objects.create(
            area=tan_thanh,
            date=D(2021, 6, day),
            community_cases_known_source=3 * day,
            community_cases_unknown_source=1,
            community_f1=5,
        )
    recompute(dates=[D(2021, 6, 10), D(2021, 6, 11)])
    with django_capture_on_commit_callbacks(execute=True):
        publish_levels(
            data_date=D(2021, 6, 10),
            effective_at=datetime.datetime(2021, 6, 10, 20, 0),
            user=approver,
            confirm_incomplete=True,
        )
    DailyReport.objects.create(area=Area.objects.get(code="06187"), date=D(2021, 6, 11), community_f1=1)
    recompute(dates=[D(2021, 6, 11)])

    review = review_forecast(D(2021, 6, 11))
    assert review.origin == D(2021, 6, 10)
    rises = [row.rise for row in review.rows]
    assert rises == sorted(rises, reverse=True) and rises[0] > 0
    client.force_login(approver)
    html = client.get("/admin/risk/publication/review/2021-06-11/").content.decode()
    assert "Khả năng lên cấp trong 7 ngày (dự báo)" in html
    listed = html[html.index('class="risk-changes risk-forecast__table"') :]
    first_row = re.search(r'<th scope="row">([^<]+)<br>', listed).group(1)
    assert first_row == review.rows[0].area.name


def test_it_rejects_the_review_page_for_someone_who_may_not_publish(client, langson, data_clerk):
    client.force_login(data_clerk)
    assert client.get("/admin/risk/publication/review/2021-06-11/").status_code == 403
