import datetime
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ingest.tabular import FileRejected
from risk.forecast.scoring import backtest, origins_between
from risk.forecast.simulate import DEFAULT_FUTURES
from risk.forecasting import file_input

EXIT_ERRORS = 2


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Ngày phải theo dạng yyyy-mm-dd, nhận được '%(value)s'.") % {"value": text}) from None


class Command(BaseCommand):
    help = (
        "Back-test the 7-day forecast on daily reports in the upload format (the columns of import_reports): "
        "forecast from every date with only the data up to it and print, as JSON, the mean ranked probability "
        "score of the model, persistence and the step-down forecast (overall and where the level changed), "
        "the number of origins and the calibration. Areas and adjacency come from the database, reports from "
        "the file only. A file with errors prints them (row and column) and exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--from", dest="start", help="first origin date (yyyy-mm-dd); default: the file's first")
        parser.add_argument("--to", dest="end", help="last origin date; default: the file's last date minus 7 days")
        parser.add_argument("--futures", type=int, default=DEFAULT_FUTURES, help="futures per origin (1000)")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, file: Path, start, end, futures: int, seed: int, **options):
        start = _date(start) if start else None
        end = _date(end) if end else None
        try:
            content = file.read_bytes()
        except OSError as exc:
            self._fail([_("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": exc.strerror}])
        try:
            inp = file_input(content=content, name=file.name)
        except FileRejected as exc:
            self._fail(exc.messages)
        origins = origins_between(inp.reports, start, end)
        result = backtest(inp, origins, futures=futures, seed=seed)
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _fail(self, lines: list[str]):
        for line in lines:
            self.stderr.write(line)
        self.stderr.write(_("Tệp có lỗi: không có dự báo nào được chấm điểm."))
        sys.exit(EXIT_ERRORS)
