import json
import logging

import pytest
from django.http import HttpResponse, HttpResponseServerError
from django.test import RequestFactory
from pythonjsonlogger.json import JsonFormatter

from ops.logging_middleware import RequestLogMiddleware

MIDDLEWARE_PATH = "ops.logging_middleware.RequestLogMiddleware"
FIELDS = ("method", "path", "status", "duration_ms", "user_id")


def request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "covidmaps.requests"]


@pytest.fixture
def logged_site(settings):
    if MIDDLEWARE_PATH not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [MIDDLEWARE_PATH, *settings.MIDDLEWARE]


def test_it_logs_one_json_record_per_request(caplog):
    caplog.set_level(logging.INFO, logger="covidmaps.requests")
    middleware = RequestLogMiddleware(lambda request: HttpResponse("ok"))
    middleware(RequestFactory().get("/khu-vuc/05971/", {"ngay": "2021-06-15"}))
    [record] = request_records(caplog)
    line = json.loads(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s").format(record))
    assert {name: line[name] for name in FIELDS if name != "duration_ms"} == {
        "method": "GET",
        "path": "/khu-vuc/05971/",
        "status": 200,
        "user_id": None,
    }
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["levelname"] == "INFO" and line["name"] == "covidmaps.requests"
    assert "ngay" not in line["path"], "query strings may hold what citizens searched for"


def test_it_logs_server_errors_at_error_level(caplog):
    middleware = RequestLogMiddleware(lambda request: HttpResponseServerError("boom"))
    middleware(RequestFactory().post("/nhap-lieu/"))
    [record] = request_records(caplog)
    assert (record.levelname, record.method, record.status) == ("ERROR", "POST", 500)


def test_it_logs_the_signed_in_user_through_the_whole_stack(client, caplog, django_user_model, logged_site):
    caplog.set_level(logging.INFO, logger="covidmaps.requests")
    user = django_user_model.objects.create_user(username="nhatky", password="a-long-test-password", is_staff=True)
    client.force_login(user)
    client.get("/healthz")
    client.logout()
    client.get("/healthz")
    signed_in, anonymous = request_records(caplog)[-2:]
    assert (signed_in.path, signed_in.status, signed_in.user_id) == ("/healthz", 200, user.pk)
    assert anonymous.user_id is None


def test_it_measures_the_time_spent_inside(caplog, monkeypatch):
    ticks = iter([10.0, 10.25])
    monkeypatch.setattr("ops.logging_middleware.time.perf_counter", lambda: next(ticks))
    RequestLogMiddleware(lambda request: HttpResponse())(RequestFactory().get("/"))
    assert request_records(caplog)[0].duration_ms == 250.0
