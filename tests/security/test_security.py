import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def production_environment(**overrides) -> dict:
    """Return this process's environment as production would have it (no test-only switches)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, **overrides}


def test_production_settings_pass_the_deploy_check():
    env = production_environment(
        DEBUG="0", HTTPS="1", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="covidmaps.example.vn"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_environment(DEBUG="0", SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_https_settings_make_cookies_secure_and_send_hsts():
    env = production_environment(DEBUG="0", HTTPS="1", SECRET_KEY="k" * 50)
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "covidmaps.settings"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "True", "31536000", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_behind_the_proxy_https_requests_get_hsts_and_http_is_redirected(client, db):
    assert client.get("/admin/login/").status_code == 301
    response = client.get("/admin/login/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_public_pages_forbid_inline_script(client, db):
    policy = client.get("/admin/login/", follow=True).headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self'" in policy
    response = client.get("/no-such-page/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


@override_settings(AXES_FAILURE_LIMIT=3)
def test_it_locks_out_the_admin_login_after_repeated_failures(client, db):
    user = get_user_model().objects.create_user("nhaplieu", password="the-right-password-1", is_staff=True)
    for attempt in range(3):
        response = client.post("/admin/login/", {"username": "nhaplieu", "password": "wrong"})
        assert response.status_code == (429 if attempt == 2 else 200)
    response = client.post("/admin/login/", {"username": "nhaplieu", "password": "the-right-password-1"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.pk


@override_settings(AXES_FAILURE_LIMIT=2, PROXY_COUNT=1)
def test_the_lockout_follows_the_client_address_behind_the_proxy(client, db):
    get_user_model().objects.create_user("nhaplieu", password="the-right-password-1", is_staff=True)
    # The attacker forges a leftmost address; nginx appends the one it really saw.
    attacker = {"x-forwarded-for": "198.51.100.7, 203.0.113.9"}
    for _ in range(2):
        client.post("/admin/login/", {"username": "nhaplieu", "password": "wrong"}, headers=attacker)
    assert client.post("/admin/login/", {"username": "nhaplieu", "password": "x"}, headers=attacker).status_code == 429
    honest = client.post(
        "/admin/login/",
        {"username": "nhaplieu", "password": "the-right-password-1"},
        headers={"x-forwarded-for": "198.51.100.7"},
    )
    assert honest.status_code == 302


@pytest.fixture
def staff_with_device(db):
    user = get_user_model().objects.create_user(
        "pheduyet", password="the-right-password-1", is_staff=True, is_superuser=True
    )
    device = TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
    return user, device


def current_token(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_it_rejects_a_password_without_a_token_when_two_factor_is_required(client, staff_with_device):
    response = client.post("/admin/login/", {"username": "pheduyet", "password": "the-right-password-1"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    client.force_login(staff_with_device[0])
    assert client.get("/admin/").status_code == 302  # logged in, but not verified: back to the login page


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_it_admits_a_password_with_a_valid_token(client, staff_with_device):
    _, device = staff_with_device
    response = client.post(
        "/admin/login/",
        {
            "username": "pheduyet",
            "password": "the-right-password-1",
            "otp_device": device.persistent_id,
            "otp_token": current_token(device),
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_two_factor_is_optional_by_default(client, staff_with_device):
    response = client.post("/admin/login/", {"username": "pheduyet", "password": "the-right-password-1"})
    assert response.status_code == 302 and client.get("/admin/").status_code == 200


def test_uploaded_files_are_never_served(client, db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "x.csv").write_text("commune_code\n")
    assert client.get("/media/imports/x.csv").status_code == 404
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (0, "203.0.113.9", "127.0.0.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "127.0.0.1"),
    ],
)
def test_it_reads_the_client_address_through_trusted_proxies_only(rf, settings, count, forwarded, expected):
    from ops.clientip import client_ip

    settings.PROXY_COUNT = count
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR=forwarded)) == expected
