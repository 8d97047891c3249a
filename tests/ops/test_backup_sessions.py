"""Backups leave live sessions and login-throttling records out unless asked; restored files are owner-only
(issue 10, item 8)."""

import stat
import tarfile

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command

from ops.backups import create_backup, read_manifest, restore_backup

from .conftest import UPLOAD

pytestmark = [pytest.mark.django_db(transaction=True)]


def live_session_and_lockout() -> str:
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    AccessAttempt.objects.create(
        username="nhaplieu", ip_address="203.0.113.7", user_agent="x", failures_since_start=3, get_data="", post_data=""
    )
    return store.session_key


def archive_bytes(archive) -> bytes:
    with tarfile.open(archive, mode="r:gz") as tar:
        return b"".join(tar.extractfile(member).read() for member in tar if member.isfile())


def test_it_rejects_sessions_in_a_backup_unless_asked(media_root, empty_database, tmp_path):
    key = live_session_and_lockout()
    archive = create_backup(output_dir=tmp_path / "without")
    manifest = read_manifest(archive=archive)
    assert "django_session" in manifest["left_out"] and "axes_accessattempt" in manifest["left_out"]
    assert manifest["counts"]["sessions.session"] == 0 and manifest["counts"]["axes.accessattempt"] == 0
    if not django_settings.USING_POSTGIS:  # the SQLite copy is vacuumed: no deleted session lingers in a free page
        assert key.encode() not in archive_bytes(archive)
    restore_backup(archive=archive, using=empty_database)
    assert not Session.objects.using(empty_database).exists()
    assert not AccessAttempt.objects.using(empty_database).exists()


def test_it_keeps_sessions_with_include_sessions(media_root, empty_database, tmp_path, capsys):
    key = live_session_and_lockout()
    call_command("backup", "--output", str(tmp_path / "with"), "--include-sessions")
    [archive] = (tmp_path / "with").glob("*.tar.gz")
    assert read_manifest(archive=archive)["left_out"] == []
    call_command("restore", str(archive), "--database", empty_database)
    assert Session.objects.using(empty_database).filter(session_key=key).exists()
    assert AccessAttempt.objects.using(empty_database).count() == 1


def test_the_backup_command_says_what_it_left_out(media_root, tmp_path, capsys):
    call_command("backup", "--output", str(tmp_path / "b"))
    assert "Left out (empty in the archive): " in capsys.readouterr().out


def test_it_rejects_world_readable_restored_files(media_root, empty_database, tmp_path, settings):
    (media_root / "imports").mkdir(parents=True)
    (media_root / "imports" / "a.csv").write_bytes(UPLOAD)
    archive = create_backup(output_dir=tmp_path / "backups")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    restore_backup(archive=archive, using=empty_database)
    restored = tmp_path / "restored-media" / "imports" / "a.csv"
    assert restored.read_bytes() == UPLOAD
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600
    if not django_settings.USING_POSTGIS:
        database_file = tmp_path / "restored.sqlite3"
        assert stat.S_IMODE(database_file.stat().st_mode) == 0o600
