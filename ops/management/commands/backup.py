from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from ops.backups import BackupError, create_backup, read_manifest


class Command(BaseCommand):
    help = "Write the database and the uploaded files (MEDIA_ROOT) to one tar.gz with a manifest of checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path("."),
            metavar="DIR",
            help="folder for the archive (default: the current folder)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)")
        parser.add_argument(
            "--include-sessions",
            action="store_true",
            help="keep the live sessions and login-throttling records (left out by default)",
        )

    def handle(self, *args, **options):
        try:
            archive = create_backup(
                output_dir=options["output"], using=options["database"], include_sessions=options["include_sessions"]
            )
        except BackupError as exc:
            raise CommandError(f"{exc} No archive was written.", returncode=1)
        manifest = read_manifest(archive=archive)
        rows = sum(manifest["counts"].values())
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        size = archive.stat().st_size
        self.stdout.write(
            f"{archive}: {rows} rows in {len(manifest['counts'])} tables, {media} uploaded files, "
            f"{size / 1_000_000:.1f} MB"
        )
        if manifest.get("left_out"):
            self.stdout.write(
                "Left out (empty in the archive): "
                + ", ".join(manifest["left_out"])
                + "; pass --include-sessions to keep them."
            )
