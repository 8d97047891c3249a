"""Two-factor login everywhere staff act (issue 10, item 3): with ADMIN_REQUIRE_2FA, a staff session that has not
passed a one-time code is ended on its next request, so the admin, the staff API, the previews of draft notices and
the downloads of uploaded files all refuse it; a verified session keeps working."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ingest.models import DailyReport, ReportImport
from tests.ingest.files import row

API = "/staff-api/v1/reports/"
ROW = row()


@pytest.fixture
def two_factor(settings):
    settings.ADMIN_REQUIRE_2FA = True
    return settings


def verified_login(client, user):
    """Log user in with a session that passed a one-time code from its confirmed device (as django-otp records it)."""
    device = TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def session_alive(client) -> bool:
    key = client.cookies.get("sessionid")
    return bool(key and key.value and Session.objects.filter(session_key=key.value).exists())


@pytest.fixture
def upload(db, data_clerk, media_root):
    report_import = ReportImport(file_name="so-lieu.csv", sha256="0" * 64, uploaded_by=data_clerk)
    report_import.file.save("so-lieu.csv", ContentFile(b"commune_code,date\n"))
    return report_import


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(db, editor):
    from notices import services

    return services.create_notice(title="Bản nháp chưa công bố", body="Nội dung nháp.", author=editor)


def test_it_rejects_an_unverified_session_in_the_admin(client, two_factor, data_clerk):
    client.force_login(data_clerk)
    response = client.get("/admin/ingest/dailyreport/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not session_alive(client)


def test_it_rejects_an_unverified_session_on_the_staff_api(client, langson, two_factor, data_clerk):
    client.force_login(data_clerk)
    assert client.get(API, {"date": "2021-06-10"}).status_code == 401
    client.force_login(data_clerk)
    response = client.post(API, json.dumps({"reports": [ROW]}), content_type="application/json")
    assert response.status_code == 401
    assert not DailyReport.objects.exists()
    assert not session_alive(client)


def test_it_rejects_an_unverified_session_previewing_a_draft_notice(client, two_factor, editor, draft):
    client.force_login(editor)
    assert client.get(f"/thong-bao/{draft.slug}/").status_code == 404
    assert not session_alive(client)


def test_it_rejects_an_unverified_session_downloading_an_upload(client, two_factor, data_clerk, upload):
    client.force_login(data_clerk)
    response = client.get(f"/admin/ingest/reportimport/{upload.pk}/file/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_verified_session_reaches_every_staff_endpoint(
    client, langson, two_factor, data_clerk, editor, draft, upload
):
    verified_login(client, data_clerk)
    assert client.get("/admin/ingest/dailyreport/").status_code == 200
    assert client.get(API, {"date": "2021-06-10"}).status_code == 200
    response = client.post(API, json.dumps({"reports": [ROW]}), content_type="application/json")
    assert response.status_code == 200, response.content
    assert DailyReport.objects.count() == 1
    assert client.get(f"/admin/ingest/reportimport/{upload.pk}/file/").status_code == 200
    verified_login(client, editor)
    assert client.get(f"/thong-bao/{draft.slug}/").status_code == 200


def test_turning_two_factor_on_invalidates_unverified_staff_sessions(client, settings, data_clerk):
    client.force_login(data_clerk)
    assert client.get("/admin/").status_code == 200 and session_alive(client)
    settings.ADMIN_REQUIRE_2FA = True
    client.get("/")  # any request, a public page too, ends the session
    assert not session_alive(client)
    assert client.get("/admin/").status_code == 302


def test_two_factor_off_leaves_sessions_alone(client, data_clerk):
    client.force_login(data_clerk)
    assert client.get("/admin/ingest/dailyreport/").status_code == 200 and session_alive(client)
