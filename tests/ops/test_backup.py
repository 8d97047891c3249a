"""Backups restore into an empty database with every report, assessment, publication, notice and upload."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from areas.models import Area
from ingest.models import RULE_FIELDS, DailyReport, ReportImport
from notices.models import Notice
from ops.backups import BackupError, create_backup, read_manifest, restore_backup
from risk.models import Assessment, Publication, PublishedLevel, RuleSet

from .conftest import UPLOAD

# Data must be committed for pg_dump's session to see it; the rollback keeps the seeded rows for later tests.
pytestmark = [pytest.mark.django_db(transaction=True)]

JUNE = [datetime.date(2021, 6, day) for day in (13, 14, 15)]

postgis_only = pytest.mark.skipif(not django_settings.USING_POSTGIS, reason="the PostGIS variant runs on PostGIS")
spatialite_only = pytest.mark.skipif(django_settings.USING_POSTGIS, reason="the SpatiaLite variant runs on SpatiaLite")


def fill() -> None:
    """Reports, assessments, a publication with its levels, notices and an uploaded file."""
    communes = list(Area.objects.filter(kind="commune").order_by("code"))
    DailyReport.objects.bulk_create(
        DailyReport(
            area=commune,
            date=day,
            community_cases_known_source=(i + n) % 4,
            hard_to_control_source_cases=(i + n) % 4 // 2,
            community_f1=i % 7,
            note="Báo cáo của Sở Y tế",
        )
        for n, day in enumerate(JUNE)
        for i, commune in enumerate(communes)
    )
    ruleset, _ = RuleSet.objects.get_or_create(
        code="QD2686", defaults={"name": "Quyết định 2686/QĐ-BCĐQG", "valid_from": datetime.date(2021, 10, 31)}
    )
    Assessment.objects.bulk_create(
        Assessment(
            area=commune,
            date=day,
            ruleset=ruleset,
            level=1 + i % 4,
            computed_level=1 + i % 4,
            reasons=[{"rule": "2.1", "text": f"{i} ca trong cộng đồng"}],
            fingerprint=f"{i:064d}",
        )
        for day in JUNE[1:]
        for i, commune in enumerate(communes)
    )
    publication = Publication.objects.create(data_date=JUNE[-1], effective_at=timezone.now(), note="Công bố thử")
    PublishedLevel.objects.bulk_create(
        PublishedLevel(
            publication=publication,
            area=commune,
            level=1 + i % 4,
            computed_level=1 + i % 4,
            reasons=[{"rule": "2.1"}],
            since=JUNE[0],
        )
        for i, commune in enumerate(communes)
    )
    for n in range(3):
        notice = Notice.objects.create(
            title=f"Thông báo số {n}",
            slug=f"thong-bao-{n}",
            body="Đeo **khẩu trang**.",
            status=Notice.Status.PUBLISHED,
            publish_at=timezone.now(),
            source_publication=publication,
        )
        notice.areas.set(communes[n * 10 : n * 10 + 5])
    upload = ReportImport(file_name="bao-cao.csv", sha256="0" * 64)
    upload.file.save("bao-cao.csv", ContentFile(UPLOAD))


def snapshot(using: str) -> dict:
    """Everything the restore must bring back, comparable across databases."""
    return {
        "reports": list(
            DailyReport.objects.using(using).order_by("pk").values("area__code", "date", "note", *RULE_FIELDS)
        ),
        "assessments": list(
            Assessment.objects.using(using)
            .order_by("pk")
            .values("area__code", "date", "ruleset__code", "level", "reasons", "fingerprint", "computed_at")
        ),
        "publications": list(Publication.objects.using(using).order_by("pk").values()),
        "levels": list(
            PublishedLevel.objects.using(using)
            .order_by("pk")
            .values("publication_id", "area__code", "level", "reasons", "since")
        ),
        "notices": [
            (n.slug, n.title, n.body, n.status, n.source_publication_id, sorted(n.areas.values_list("code", flat=True)))
            for n in Notice.objects.using(using).order_by("pk")
        ],
        "uploads": list(ReportImport.objects.using(using).values_list("file", "file_name")),
    }


def round_trip(settings, empty_database: str, tmp_path: Path) -> None:
    fill()
    before = snapshot("default")
    assert len(before["reports"]) == 600 and len(before["assessments"]) == 400 and len(before["notices"]) == 3
    archive = create_backup(output_dir=tmp_path / "backups")
    assert archive.stat().st_mode & 0o077 == 0, "backups hold personal data: owner-only permissions"
    manifest = read_manifest(archive=archive)
    assert manifest["counts"]["ingest.dailyreport"] == 600 and manifest["counts"]["risk.publishedlevel"] == 200
    assert "0001_initial" in manifest["migrations"]["areas"]
    upload_name = before["uploads"][0][0]
    assert f"media/{upload_name}" in manifest["files"]

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    result = restore_backup(archive=archive, using=empty_database)

    assert snapshot(empty_database) == before
    assert result.counts == manifest["counts"] and result.media_files == 1
    assert (tmp_path / "restored-media" / upload_name).read_bytes() == UPLOAD

    with pytest.raises(BackupError, match="is not empty"):
        restore_backup(archive=archive, using=empty_database)
    restore_backup(archive=archive, using=empty_database, force=True)
    assert snapshot(empty_database) == before


@postgis_only
def test_it_restores_a_postgis_backup_into_an_empty_database(langson, settings, media_root, empty_database, tmp_path):
    round_trip(settings, empty_database, tmp_path)


@spatialite_only
def test_it_restores_a_spatialite_backup_into_an_empty_file(langson, settings, media_root, empty_database, tmp_path):
    round_trip(settings, empty_database, tmp_path)


def test_the_commands_back_up_and_restore(media_root, empty_database, tmp_path, capsys):
    (media_root / "imports").mkdir(parents=True)
    (media_root / "imports" / "a.csv").write_bytes(UPLOAD)
    call_command("backup", "--output", str(tmp_path / "backups"))
    assert "1 uploaded files" in capsys.readouterr().out
    [archive] = (tmp_path / "backups").glob("covidmaps-backup-*.tar.gz")
    call_command("restore", str(archive), "--check")
    assert "intact" in capsys.readouterr().out
    call_command("restore", str(archive), "--database", empty_database)
    assert "Restored the backup" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not empty.*Nothing was restored"):
        call_command("restore", str(archive), "--database", empty_database)
