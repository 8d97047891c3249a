import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from ops.backups import BackupError, extract_verified, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database and MEDIA_ROOT, after checking "
        "every checksum; --force replaces a database that is not empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything in a database that is not empty, and clashing uploaded files",
        )
        parser.add_argument("--check", action="store_true", help="only verify the archive's checksums; write nothing")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)")

    def handle(self, *args, **options):
        try:
            if options["check"]:
                self._check(options["archive"])
                return
            result = restore_backup(archive=options["archive"], using=options["database"], force=options["force"])
        except BackupError as exc:
            raise CommandError(f"{exc} Nothing was restored.", returncode=1)
        expected = result.manifest["counts"]
        wrong = {
            label: (count, result.counts.get(label, 0))
            for label, count in expected.items()
            if result.counts.get(label, 0) != count
        }
        self.stdout.write(
            f"Restored the backup of {result.manifest['created_at']}: "
            f"{sum(expected.values())} rows, {result.media_files} uploaded files."
        )
        if result.newer_migrations:
            self.stdout.write(
                f"This code has {len(result.newer_migrations)} migration(s) newer than the backup: "
                "run `python manage.py migrate` now."
            )
        if wrong:
            listed = ", ".join(f"{label}: {found} rows, {count} expected" for label, (count, found) in wrong.items())
            raise CommandError(f"The restored database differs from the backup's manifest ({listed}).", returncode=1)

    def _check(self, archive: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="covidmaps-check-") as work:
            manifest = extract_verified(archive=archive, into=Path(work))
        self.stdout.write(
            f"{archive}: intact ({len(manifest['files'])} members match their checksums; "
            f"{manifest['engine']} backup of {manifest['created_at']})."
        )
