"""forecast_backtest on small generated files in the upload format, and on a bad one (row × column errors, exit 2)."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

START = datetime.date(2021, 6, 1)


@pytest.fixture
def outbreak_file(langson, tmp_path):
    """An outbreak of 24 days over Lạng Sơn's real adjacency, written by forecast_outbreaks (seed 4)."""
    out = StringIO()
    call_command(
        "forecast_outbreaks", str(tmp_path), "--seeds", "4", "--start", START.isoformat(), "--days", "24", stdout=out
    )
    assert "outbreak-4.csv" in out.getvalue()
    return tmp_path / "outbreak-4.csv"


def test_it_prints_the_scores_of_the_model_and_both_baselines(outbreak_file):
    out = StringIO()
    call_command(
        "forecast_backtest",
        str(outbreak_file),
        "--from",
        "2021-06-10",
        "--to",
        "2021-06-12",
        "--futures",
        "30",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert set(result) == {"rps", "rps_changed", "origins", "calibration"}
    assert set(result["rps"]) == set(result["rps_changed"]) == {"model", "persistence", "step_down"}
    assert result["origins"] == 3
    assert all(0 <= v <= 1 for v in result["rps"].values())
    for predicted, observed, count in result["calibration"]:
        assert 0 <= predicted <= 1 and 0 <= observed <= 1 and count > 0
    # every commune × origin × level falls in one bin
    assert sum(row[2] for row in result["calibration"]) == 3 * 200 * 4


def test_origins_default_to_the_whole_file_less_the_horizon(outbreak_file):
    out = StringIO()
    call_command("forecast_backtest", str(outbreak_file), "--from", "2021-06-15", "--futures", "10", stdout=out)
    # the file ends on 24/06: the last origin whose 7th day is in the file is 17/06
    assert json.loads(out.getvalue())["origins"] == 3


def test_it_rejects_a_bad_file_with_the_errors_of_import_reports_and_status_2(langson, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "commune_code,date,community_cases_known_source,community_cases_unknown_source,unknown_source_clusters,"
        "hard_to_control_source_cases,quarantined_cases,community_f1\n"
        "06166,2021-06-10,1,0,0,0,0,2\n"
        "06166,2021-06-11,1,0,0,0,0,abc\n"
        "99999,2021-06-12,0,0,0,0,0,0\n",
        encoding="utf-8",
    )
    backtest_err, import_err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("forecast_backtest", str(path), stdout=StringIO(), stderr=backtest_err)
    assert exited.value.code == 2
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_reports", str(path), "--dry-run", stdout=StringIO(), stderr=import_err)
    lines = backtest_err.getvalue().splitlines()
    assert any(line.startswith("Dòng 3, cột community_f1: phải là số nguyên ≥ 0") for line in lines)
    assert any(line.startswith("Dòng 4, cột commune_code: không có đơn vị nào mã '99999'") for line in lines)
    for line in import_err.getvalue().splitlines():
        if line.startswith("Dòng"):
            assert line in lines
    from ingest.models import DailyReport

    assert not DailyReport.objects.exists()  # the back-test writes nothing


def test_it_refuses_a_file_it_cannot_read(langson, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("forecast_backtest", str(path), stdout=StringIO(), stderr=err)
    assert exited.value.code == 2
    assert err.getvalue().strip()
