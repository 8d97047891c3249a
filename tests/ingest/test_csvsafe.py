import io

import pytest

from ingest.csvsafe import safe_cell, write_rows


@pytest.mark.parametrize("payload", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")', "\tx"])
def test_it_escapes_formula_cells(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Xã Hữu Kiên", "05971", 12, None, ""])
def test_it_leaves_other_cells_alone(value):
    assert safe_cell(value) == value


def test_it_writes_safe_rows():
    out = io.StringIO()
    write_rows(out, [["code", "name"], ["05971", "=cmd|' /C calc'!A0"]])
    assert out.getvalue().splitlines()[1] == "05971,'=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    "payload",
    [
        'x;=HYPERLINK("http://x","y")',
        "x,=1+1",
        "x\t=1+1",
        "x\t+1",
        "a;@SUM(A1)",
        "a; -2+3",
        'a;"=1+1',
        "x\n=1+1",
        "x\r\n@cmd",
        " =1+1",
        "a;\t=1",
    ],
)
def test_it_rejects_a_formula_that_a_separator_could_split_from_the_cell(payload):
    import re

    escaped = safe_cell(payload)
    assert escaped != payload and escaped.replace("'", "") == payload.replace("'", "")
    for part in re.split(r"[,;\t\r\n]", escaped):
        assert not re.match(r"""[\s"]*[=+\-@]""", part), (payload, escaped)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_rejects_splitting_an_escaped_cell_under_any_separator(delimiter):
    import csv

    out = io.StringIO()
    hostile = 'x;=HYPERLINK("http://x","y"),=2\t@3'
    write_rows(out, [["code", "note"], ["05971", hostile]], delimiter=delimiter)
    text = out.getvalue()
    # Read back with each separator Excel may use: the hostile cell stays one cell, and no cell is a formula.
    for reading in (",", ";", "\t"):
        cells = [cell for line in csv.reader(io.StringIO(text), delimiter=reading) for cell in line]
        assert not any(cell.lstrip().startswith(("=", "+", "-", "@")) for cell in cells), (reading, cells)
    assert list(csv.reader(io.StringIO(text), delimiter=delimiter))[1] == ["05971", safe_cell(hostile)]


def test_it_rejects_an_unknown_separator():
    with pytest.raises(ValueError):
        write_rows(io.StringIO(), [["a"]], delimiter="|")
