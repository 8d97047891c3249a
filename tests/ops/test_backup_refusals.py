"""A restore refuses damaged, foreign or too-new archives, and a database that is not empty, writing nothing."""

import shutil

import pytest
from django.db import connections
from django.test import override_settings

from ops.backups import BackupError, create_backup, restore_backup

from .backup_archives import rewrite_archive
from .conftest import UPLOAD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pristine_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """One good backup of the test database with one uploaded file; each test damages its own copy."""
    folder = tmp_path_factory.mktemp("pristine")
    (folder / "media" / "imports").mkdir(parents=True)
    (folder / "media" / "imports" / "a.csv").write_bytes(UPLOAD)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        return create_backup(output_dir=folder / "backups")


@pytest.fixture
def archive(pristine_archive, tmp_path):
    return shutil.copy(pristine_archive, tmp_path / pristine_archive.name)


def assert_nothing_written(alias: str, media_root) -> None:
    target = connections[alias]
    with target.cursor() as cursor:
        assert "django_migrations" not in target.introspection.table_names(cursor)
    assert not media_root.exists() or not any(media_root.iterdir())


@pytest.mark.parametrize(
    "damage, message",
    [
        ("flip", "not a readable backup archive|Checksum mismatch|lacks"),
        ("truncate", "not a readable backup archive|lacks"),
        ("tamper", "Checksum mismatch for media/imports/a.csv: the archive is damaged"),
        ("extra", "holds 'media/imports/b.csv', which its manifest does not list"),
        ("missing", "lacks media/imports/a.csv, which its manifest lists"),
        ("escape", "unsafe: member '../../outside.txt' points outside the restore folder"),
        ("no-manifest", "has no manifest.json: it is not a covidmaps backup"),
    ],
)
def test_it_rejects_a_damaged_archive(archive, empty_database, media_root, damage, message):
    rewrite_archive(archive, damage)
    with pytest.raises(BackupError, match=message):
        restore_backup(archive=archive, using=empty_database)
    assert_nothing_written(empty_database, media_root)


def test_it_rejects_a_backup_of_the_other_engine(archive, empty_database, media_root):
    rewrite_archive(archive, "other-engine")
    with pytest.raises(BackupError, match="backup; it restores only into"):
        restore_backup(archive=archive, using=empty_database)
    assert_nothing_written(empty_database, media_root)


def test_it_rejects_a_backup_made_by_newer_code(archive, empty_database, media_root):
    rewrite_archive(archive, "newer-migration")
    with pytest.raises(BackupError, match=r"newer version of covidmaps \(migrations risk.9999_from_the_future"):
        restore_backup(archive=archive, using=empty_database)
    assert_nothing_written(empty_database, media_root)


def test_it_rejects_a_database_that_is_not_empty_without_force(archive, media_root, django_user_model):
    django_user_model.objects.create_user(username="conlai", password="a-long-test-password")
    with pytest.raises(BackupError, match="is not empty .* pass --force to replace everything"):
        restore_backup(archive=archive, using="default")
    assert django_user_model.objects.filter(username="conlai").exists()
    assert not media_root.exists()


def test_it_rejects_clashing_uploaded_files_without_force(archive, empty_database, media_root):
    (media_root / "imports").mkdir(parents=True)
    (media_root / "imports" / "a.csv").write_bytes(b"a newer upload")
    with pytest.raises(BackupError, match=r"different files under the same names \(imports/a.csv\)"):
        restore_backup(archive=archive, using=empty_database)
    assert (media_root / "imports" / "a.csv").read_bytes() == b"a newer upload"
    target = connections[empty_database]
    with target.cursor() as cursor:
        assert "django_migrations" not in target.introspection.table_names(cursor)


def test_it_rejects_a_missing_file(empty_database, tmp_path):
    with pytest.raises(BackupError, match="does not exist or is not a file"):
        restore_backup(archive=tmp_path / "nowhere.tar.gz", using=empty_database)
