"""A database error in the middle of writing an uploaded file (or the entry sheet): nothing is written, and the
person is told what happened (the admin's page, or the import_reports command's output and exit status)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection

from areas.models import Area
from ingest.models import DailyReport, ReportImport
from risk.models import PendingRecompute

from .conftest import DAY, HUU_LIEN, YEN_THINH, fill_sheet

HEADER = (
    "commune_code,date,community_cases_known_source,community_cases_unknown_source,unknown_source_clusters,"
    "hard_to_control_source_cases,quarantined_cases,community_f1"
)
# Two new reports and a correction of an existing one.
FILE = "\r\n".join(
    [
        HEADER,
        f"{HUU_LIEN},10/06/2021,1,0,0,0,0,3",
        "06385,10/06/2021,0,0,0,0,0,2",
        f"{YEN_THINH},10/06/2021,0,0,0,0,0,9",
        "",
    ]
).encode()
DATABASE_MESSAGE = "Lỗi cơ sở dữ liệu khi ghi (OperationalError): không có dòng nào được ghi."
# Where the write fails, in the order the statements run: the first history rows (after the new reports are
# in), the correction, the history of the correction (the last data written), the import's own record.
FAULTS = [
    pytest.param('INSERT INTO "ingest_historicaldailyreport"', 1, id="history-of-new-reports"),
    pytest.param('UPDATE "ingest_dailyreport"', 1, id="correction"),
    pytest.param('INSERT INTO "ingest_historicaldailyreport"', 2, id="history-of-correction"),
    pytest.param('UPDATE "ingest_reportimport"', 2, id="import-record"),
]


class FailingWrite:
    """Make the nth statement that starts with `prefix` fail as a lost connection would (OperationalError); record
    the statements run before it."""

    def __init__(self, prefix: str, nth: int):
        self.prefix, self.nth, self.seen, self.before, self.failed = prefix, nth, 0, [], False

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().startswith(self.prefix):
            self.seen += 1
            if self.seen == self.nth:
                self.failed = True
                raise OperationalError("server closed the connection unexpectedly")
        self.before.append(sql.lstrip()[:60])
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


@pytest.fixture
def existing(province, settings, tmp_path):
    """Yên Thịnh's report of the day, entered before the upload; uploads go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return DailyReport.objects.create(area=Area.objects.get(code=YEN_THINH), date=DAY, community_f1=1)


def stored() -> set[tuple]:
    return set(DailyReport.objects.values_list("area__code", "date", "community_cases_known_source", "community_f1"))


def history_count() -> int:
    return DailyReport.history.count()


def assert_nothing_written(fault: FailingWrite, before: set, history: int) -> None:
    assert fault.failed
    # The fault hit the middle: rows of this import had been sent before it.
    assert any(sql.startswith('INSERT INTO "ingest_dailyreport"') for sql in fault.before), fault.before
    assert stored() == before and history_count() == history
    assert not PendingRecompute.objects.exists()


def upload(client) -> ReportImport:
    response = client.post("/admin/ingest/reportimport/add/", {"file": SimpleUploadedFile("so-lieu.csv", FILE)})
    report_import = ReportImport.objects.get()
    assert response.status_code == 302 and report_import.status == ReportImport.Status.PREVIEWED
    return report_import


def confirm(client, report_import):
    return client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/", follow=True)


@pytest.mark.parametrize(("prefix", "nth"), FAULTS)
def test_it_writes_nothing_and_says_so_on_the_admin_page(existing, data_clerk, client, prefix, nth):
    client.force_login(data_clerk)
    report_import = upload(client)
    before, history = stored(), history_count()

    with FailingWrite(prefix, nth) as fault:
        page = confirm(client, report_import)
    assert page.status_code == 200
    assert_nothing_written(fault, before, history)
    body = page.content.decode()
    assert DATABASE_MESSAGE in body and "Hãy thử xác nhận lại sau ít phút." in body
    report_import.refresh_from_db()
    assert report_import.status == ReportImport.Status.FAILED and report_import.committed_at is None


def test_it_offers_to_write_the_same_file_again_after_a_database_error(existing, data_clerk, client):
    """The page says "try confirming again in a few minutes": its button must be there, with what the file does."""
    client.force_login(data_clerk)
    report_import = upload(client)
    history = history_count()
    with FailingWrite('INSERT INTO "ingest_historicaldailyreport"', 1):
        body = confirm(client, report_import).content.decode()
    assert DATABASE_MESSAGE in body
    assert "Thử ghi lại" in body and "import-counts" in body

    # Once the database answers again, the clerk presses it: the file is written once, completely.
    page = confirm(client, report_import)
    assert "Đã ghi: 2 tạo mới, 1 cập nhật, 0 không đổi." in page.content.decode()
    assert stored() == {(HUU_LIEN, DAY, 1, 3), ("06385", DAY, 0, 2), (YEN_THINH, DAY, 0, 9)}
    assert history_count() == history + 3


def test_it_prints_the_error_and_exits_non_zero_from_the_command(existing, tmp_path):
    path = tmp_path / "so-lieu.csv"
    path.write_bytes(FILE)
    before, history = stored(), history_count()
    out, err = io.StringIO(), io.StringIO()
    with FailingWrite('INSERT INTO "ingest_historicaldailyreport"', 1) as fault:
        with pytest.raises(CommandError) as failed:
            call_command("import_reports", str(path), stdout=out, stderr=err)
    assert_nothing_written(fault, before, history)
    assert failed.value.returncode != 0
    assert DATABASE_MESSAGE in err.getvalue()
    assert ReportImport.objects.get().status == ReportImport.Status.FAILED


def type_in_sheet(client, clerk):
    """A clerk types Hữu Liên's and Yên Thịnh's figures into the day's sheet and saves while the database fails."""
    client.force_login(clerk)
    client.raise_request_exception = False  # what the person sees, not the test's traceback
    with FailingWrite('INSERT INTO "ingest_historicaldailyreport"', 1) as fault:
        page = fill_sheet(client, DAY, {HUU_LIEN: {"community_f1": 3}, YEN_THINH: {"community_f1": 9}})
    return fault, page


def test_it_writes_nothing_of_the_entry_sheet_when_the_database_fails(existing, data_clerk, client):
    before, history = stored(), history_count()
    fault, _page = type_in_sheet(client, data_clerk)
    assert_nothing_written(fault, before, history)


def test_it_keeps_the_figures_typed_and_says_nothing_was_saved_when_the_database_fails(existing, data_clerk, client):
    """Up to 25 rows × 10 cells typed by hand: the page must keep them and say that none was saved."""
    _fault, page = type_in_sheet(client, data_clerk)
    body = page.content.decode()
    assert page.status_code in (200, 503) and 'id="sheet-form"' in body
    pk = Area.objects.get(code=HUU_LIEN).pk
    assert f'name="c-{pk}-community_f1" value="3"' in body
    assert "cơ sở dữ liệu" in body  # the cause, in the clerk's language
