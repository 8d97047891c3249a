"""Backups of the database and the uploaded files in one verifiable tar.gz, and their restoration.

An archive holds manifest.json (first), the database (database.dump from pg_dump, custom format, on PostGIS;
database.sqlite3, a page copy made with SQLite's online backup API, on SpatiaLite) and media/… (MEDIA_ROOT).
The manifest records the date, the engine, the applied migrations, the rows per model and the SHA-256 of every
other member; the counts and migrations come from the same snapshot as the dump.

Live sessions and the login-throttling records (django-axes) are left out unless asked for: a stolen backup must
not hand over anyone's open session, and a restored site starts with everyone logged out and nobody locked out.
Their tables are kept, empty. Two-factor devices stay in: without them, with ADMIN_REQUIRE_2FA, no staff member could
log in to the restored site.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostGIS", "sqlite": "SpatiaLite"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    media_files: int
    newer_migrations: list[str]


# --- shared helpers ---------------------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def session_tables() -> list[str]:
    """Return the tables a backup leaves empty unless sessions are included: sessions and login throttling."""
    tables = []
    for label in ("sessions", "axes"):
        if apps.is_installed(f"django.contrib.{label}" if label == "sessions" else label):
            config = apps.get_app_config(label)
            tables += [model._meta.db_table for model in config.get_models() if model._meta.managed]
    return sorted(tables)


def _model_tables() -> dict[str, str]:
    """Map every concrete model (with auto-created many-to-many tables) to its table."""
    return {
        model._meta.label_lower: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _count_rows(cursor, quote_name, existing_tables: set[str]) -> dict[str, int]:
    counts = {}
    for label, table in sorted(_model_tables().items()):
        if table in existing_tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote_name(table)}")
            counts[label] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    """Connection parameters for pg_dump/pg_restore/psql: the password goes in PGPASSWORD, never in argv."""
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (("PGSSLMODE", "sslmode"), ("PGCONNECT_TIMEOUT", "connect_timeout")):
        if options.get(key) is not None:
            env[variable] = str(options[key])
    return env


def _run(command: list[str], *, env: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed; install the PostgreSQL client tools.") from None
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or f'exit status {result.returncode}'}")


def _member_path(name: str) -> PurePosixPath:
    """Refuse member names that would write outside the restore folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive is unsafe: member {name!r} points outside the restore folder.")
    return path


# --- backup -----------------------------------------------------------------------------------------------------


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path, *, left_out: list[str]) -> tuple[dict, dict]:
    """Dump with pg_dump from one exported snapshot, counting rows and migrations in that same snapshot; the tables
    left_out are dumped without their rows."""
    snapshot_connection = connection.copy()
    try:
        snapshot_connection.set_autocommit(False)
        with snapshot_connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = set(snapshot_connection.introspection.table_names(cursor))
            if "django_migrations" not in tables:
                raise BackupError("The database has no covidmaps tables: run `python manage.py migrate` first.")
            counts = _count_rows(cursor, snapshot_connection.ops.quote_name, tables)
            migrations = _applied_migrations(cursor)
            counts = _without_rows(counts, left_out)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    *(f"--exclude-table-data=public.{table}" for table in left_out),
                ],
                env=_pg_environment(connection.settings_dict),
                what="pg_dump",
            )
        snapshot_connection.rollback()
    finally:
        snapshot_connection.close()
    return counts, migrations


def _without_rows(counts: dict[str, int], left_out: list[str]) -> dict[str, int]:
    tables = _model_tables()
    return {label: 0 if tables[label] in left_out else count for label, count in counts.items()}


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path, *, left_out: list[str]) -> tuple[dict, dict]:
    """Copy the database with SQLite's online backup API, empty the tables left_out in the copy (then VACUUM, so
    that no deleted row stays in a free page), and count in the copy (a consistent snapshot)."""
    source = connection.copy()
    try:
        source.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            source.connection.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    copy = sqlite3.connect(target)
    try:
        cursor = copy.cursor()
        tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "django_migrations" not in tables:
            raise BackupError("The database has no covidmaps tables: run `python manage.py migrate` first.")
        emptied = [table for table in left_out if table in tables]
        for table in emptied:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        copy.commit()
        if emptied:
            copy.execute("VACUUM")
        counts = _count_rows(cursor, connection.ops.quote_name, tables)
        migrations = _applied_migrations(cursor)
    finally:
        copy.close()
    return counts, migrations


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink())


def create_backup(*, output_dir: Path, using: str = DEFAULT_DB_ALIAS, include_sessions: bool = False) -> Path:
    """Write a backup archive of the database and MEDIA_ROOT into output_dir and return its path; sessions and
    login-throttling records are left out unless include_sessions."""
    connection = connections[using]
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support PostGIS and SpatiaLite, not {connection.vendor}.")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created_at = timezone.now()
    name = f"covidmaps-backup-{timezone.localtime(created_at):%Y%m%d-%H%M%S}.tar.gz"
    archive = output_dir / name
    if archive.exists():
        raise BackupError(f"{archive} already exists; wait a second or choose another --output.")
    database_member = DATABASE_MEMBERS[connection.vendor]
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="covidmaps-backup-") as work:
        dump = Path(work) / database_member
        dump_database = _dump_postgresql if connection.vendor == "postgresql" else _dump_sqlite
        left_out = [] if include_sessions else session_tables()
        counts, migrations = dump_database(connection, dump, left_out=left_out)
        media = _media_files(media_root)
        files = {database_member: {"sha256": _sha256_file(dump), "size": dump.stat().st_size}}
        for path in media:
            member = MEDIA_PREFIX + path.relative_to(media_root).as_posix()
            files[member] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "engine": connection.vendor,
            "database_member": database_member,
            "migrations": migrations,
            "counts": counts,
            "files": files,
            "left_out": left_out,
        }
        partial = archive.with_name(archive.name + ".part")
        # Backups hold personal data and password hashes: readable by their owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST_NAME)
                info.size, info.mtime, info.mode = len(manifest_bytes), int(created_at.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(manifest_bytes))
                tar.add(dump, arcname=database_member, recursive=False)
                for path in media:
                    tar.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix(), recursive=False)
            os.replace(partial, archive)
        finally:
            partial.unlink(missing_ok=True)
    return archive


# --- restore ----------------------------------------------------------------------------------------------------


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST_NAME)
        manifest = json.loads(tar.extractfile(member).read())
    except KeyError:
        raise BackupError(f"The archive has no {MANIFEST_NAME}: it is not a covidmaps backup.") from None
    except (ValueError, AttributeError):
        raise BackupError(f"The archive's {MANIFEST_NAME} is unreadable.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"Unknown backup format {manifest.get('format') if isinstance(manifest, dict) else None!r}; "
            f"this version reads format {FORMAT_VERSION}."
        )
    for key in ("engine", "database_member", "migrations", "counts", "files", "created_at"):
        if key not in manifest:
            raise BackupError(f"The archive's {MANIFEST_NAME} lacks {key!r}.")
    return manifest


def read_manifest(*, archive: Path) -> dict:
    """Return an archive's manifest without checking its members."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            return _read_manifest(tar)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"{Path(archive).name} is not a readable backup archive ({exc}).") from None


def extract_verified(*, archive: Path, into: Path) -> dict:
    """Extract the archive into `into`, checking every member against the manifest; return the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist or is not a file.")
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            manifest = _read_manifest(tar)
            expected = manifest["files"]
            seen = set()
            for member in tar:
                if member.name == MANIFEST_NAME:
                    continue
                path = _member_path(member.name)
                if not member.isfile():
                    raise BackupError(f"The archive is unsafe: {member.name!r} is not a regular file.")
                if member.name not in expected:
                    raise BackupError(f"The archive holds {member.name!r}, which its manifest does not list.")
                if member.name in seen:
                    raise BackupError(f"The archive holds {member.name!r} twice.")
                seen.add(member.name)
                target = into.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as source, target.open("wb") as sink:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        sink.write(chunk)
                if digest.hexdigest() != expected[member.name]["sha256"]:
                    raise BackupError(f"Checksum mismatch for {member.name}: the archive is damaged.")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"{archive.name} is not a readable backup archive ({exc}).") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive lacks {', '.join(missing)}, which its manifest lists.")
    if manifest["database_member"] not in seen:
        raise BackupError("The archive holds no database.")
    return manifest


def _check_migrations(manifest: dict) -> list[str]:
    """Refuse a backup made by newer code; return the migrations this code has beyond the backup's."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_backup = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    unknown = sorted(in_backup - on_disk)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown)
        raise BackupError(
            f"The backup was made by a newer version of covidmaps (migrations {listed} are "
            "not in this code): deploy that version first, then restore."
        )
    return sorted(f"{app}.{name}" for app, name in on_disk - in_backup)


def _existing_schema(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        return "django_migrations" in connection.introspection.table_names(cursor)


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path, *, replace: bool) -> None:
    """Restore in one transaction through psql, so that a failure leaves the database as it was."""
    env = _pg_environment(connection.settings_dict)
    script = dump.with_suffix(".sql")
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)],
        env=env,
        what="Reading the dump with pg_restore",
    )
    prelude = dump.with_name("prelude.sql")
    # --force replaces everything, including tables of migrations newer than the backup.
    prelude.write_text("DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n" if replace else "")
    _run(
        [
            "psql",
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            "--output=/dev/null",
            f"--file={prelude}",
            f"--file={script}",
        ],
        env=env,
        what="The restore (rolled back)",
    )


def _private_database_file(connection: BaseDatabaseWrapper) -> None:
    """Create the SQLite file (and narrow an existing one) readable by its owner only: it holds password hashes."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)


def _restore_sqlite(connection: BaseDatabaseWrapper, copy: Path) -> None:
    """Copy every page of the backup over the target with SQLite's backup API (one atomic step)."""
    _private_database_file(connection)
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _staged_media(staging: Path) -> list[Path]:
    return sorted(path for path in staging.rglob("*") if path.is_file()) if staging.is_dir() else []


def _media_clashes(staging: Path, media_root: Path) -> list[str]:
    """Uploaded files the restore would overwrite with different content."""
    clashes = []
    for path in _staged_media(staging):
        relative = path.relative_to(staging)
        existing = media_root / relative
        if existing.exists() and _sha256_file(existing) != _sha256_file(path):
            clashes.append(relative.as_posix())
    return clashes


def _restore_media(staging: Path, media_root: Path) -> int:
    files = _staged_media(staging)
    for path in files:
        target = media_root / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copy beside the target, then rename: a reader never sees half a file.
        partial = target.with_name(target.name + ".restoring")
        # The uploads are the health department's files: readable by their owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as sink, path.open("rb") as source:
            shutil.copyfileobj(source, sink, CHUNK)
        os.replace(partial, target)
    return len(files)


def count_rows(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Count the rows of every model's table in a database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return _count_rows(cursor, connection.ops.quote_name, set(connection.introspection.table_names(cursor)))


def restore_backup(*, archive: Path, using: str = DEFAULT_DB_ALIAS, force: bool = False) -> RestoreResult:
    """Restore an archive into an empty database (any database with force) and MEDIA_ROOT.

    Everything is checked before anything is written: the archive's checksums, its engine, its migrations,
    the target's emptiness and clashing uploaded files.
    """
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="covidmaps-restore-") as work:
        staging = Path(work)
        manifest = extract_verified(archive=archive, into=staging)
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"This is a {ENGINE_NAMES.get(manifest['engine'], manifest['engine'])} backup; it restores only into "
                f"{ENGINE_NAMES.get(manifest['engine'], manifest['engine'])}, and the target database is "
                f"{ENGINE_NAMES.get(connection.vendor, connection.vendor)}."
            )
        newer_migrations = _check_migrations(manifest)
        if _existing_schema(connection) and not force:
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} is not empty (it has covidmaps tables). Restore "
                "into an empty database, or pass --force to replace everything in it."
            )
        media_staging = staging / MEDIA_PREFIX.rstrip("/")
        clashes = _media_clashes(media_staging, media_root)
        if clashes and not force:
            shown = ", ".join(clashes[:5]) + (" …" if len(clashes) > 5 else "")
            raise BackupError(
                f"MEDIA_ROOT already has different files under the same names ({shown}); "
                "pass --force to overwrite them."
            )
        database_copy = staging / manifest["database_member"]
        connection.close()
        if connection.vendor == "postgresql":
            _restore_postgresql(connection, database_copy, replace=force)
        else:
            _restore_sqlite(connection, database_copy)
        connection.close()
        media_files = _restore_media(media_staging, media_root)
    return RestoreResult(
        manifest=manifest, counts=count_rows(using=using), media_files=media_files, newer_migrations=newer_migrations
    )
