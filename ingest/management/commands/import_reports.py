from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ingest.access import scope_district_ids, system_user
from ingest.models import ReportImport
from ingest.services.imports import claim_commit, commit_import, preview_import, receive_upload
from ingest.tabular import FileRejected, read_table
from ingest.validation import plan_reports, table_inputs

EXIT_ERRORS = 2


class Command(BaseCommand):
    help = (
        "Import daily reports from a CSV or XLSX file (the admin upload's checks). A file with any error writes "
        "nothing: the errors are listed and the command exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and show what would change; write nothing")
        parser.add_argument(
            "--user",
            help="import as this staff user (their permissions, districts and history "
            "name); default: the system account, for the whole province",
        )

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            message = _("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            raise CommandError(message) from None
        account = self._user(user)
        try:
            if dry_run:
                self._dry_run(content, file.name, account)
            else:
                self._import(content, file.name, account)
        except FileRejected as exc:
            self._fail(exc.messages)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None

    def _user(self, username):
        if not username:
            return system_user()
        account = get_user_model().objects.filter(username=username, is_active=True).first()
        if account is None:
            raise CommandError(_("Không có người dùng %(name)s.") % {"name": username})
        return account

    def _fail(self, lines: list[str], summary: str = ""):
        for line in lines:
            self.stderr.write(line)
        raise CommandError(summary or _("Tệp có lỗi: không ghi dòng nào."), returncode=EXIT_ERRORS)

    def _dry_run(self, content: bytes, name: str, account):
        table = read_table(content, name)
        plan = plan_reports(table_inputs(table), scope=scope_district_ids(account), labels=table.labels)
        for row in plan.rows:
            for key, (old, new) in row.changes.items():
                self.stdout.write(
                    _("Dòng %(row)d, %(area)s %(day)s, %(column)s: %(old)s → %(new)s")
                    % {
                        "row": row.number,
                        "area": row.area.code,
                        "day": f"{row.date:%d/%m/%Y}",
                        "column": plan.label(key),
                        "old": old,
                        "new": new,
                    }
                )
        self.stdout.write(
            _(
                "Chạy thử, không ghi gì: %(create)d tạo mới, %(update)d cập nhật, %(unchanged)d không "
                "đổi, %(error)d có lỗi."
            )
            % plan.counts
        )
        if plan.has_errors:
            self._fail(plan.error_lines())

    def _import(self, content: bytes, name: str, account):
        report_import = receive_upload(name=name, content=content, user=account)
        plan = preview_import(report_import=report_import)
        if report_import.status != ReportImport.Status.PREVIEWED:
            lines = plan.error_lines() if plan is not None else report_import.preview.get("file_errors", [])
            self._fail(lines)
        report_import = commit_import(report_import=claim_commit(report_import=report_import, user=account))
        if report_import.status != ReportImport.Status.COMMITTED:
            self._fail([report_import.message])
        self.stdout.write(
            _("%(message)s (tệp #%(id)d, SHA-256 %(sha)s)")
            % {"message": report_import.message, "id": report_import.pk, "sha": report_import.sha256[:12]}
        )
