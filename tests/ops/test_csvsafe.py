import io

import pytest

from ops.csvsafe import safe_cell, write_rows

pytestmark = pytest.mark.core


@pytest.mark.parametrize("payload", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "=HYPERLINK(\"http://x\")", "\t=1"])
def test_it_escapes_formula_cells(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Xã Hữu Kiên", "05971", 12, None, ""])
def test_it_leaves_other_cells_alone(value):
    assert safe_cell(value) == value


def test_it_writes_safe_rows():
    out = io.StringIO()
    write_rows(out, [["code", "name"], ["05971", "=cmd|' /C calc'!A0"]])
    assert out.getvalue().splitlines()[1] == "05971,'=cmd|' /C calc'!A0"
