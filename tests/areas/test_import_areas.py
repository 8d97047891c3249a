import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from areas.models import Area
from areas.services import AreaImportError, FieldMapping, import_areas

SQUARE = [[[106.0, 21.0], [106.1, 21.0], [106.1, 21.1], [106.0, 21.1], [106.0, 21.0]]]


def feature(code, parent="178", coordinates=SQUARE, **extra):
    props = {"code": code, "name": f"Xã Thử {code}", "type": "Xã", "district_code": parent, "pop": 1000, **extra}
    if code is None:
        props.pop("code")
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": coordinates}}


def write(tmp_path, features, name="communes.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


MAPPING = FieldMapping(parent="district_code", population="pop")


@pytest.fixture
def districts(db):
    province = Area.objects.create(code="20", kind="province", name="Tỉnh Lạng Sơn", type_label="Tỉnh")
    return Area.objects.create(
        code="178", kind="district", name="Thành phố Lạng Sơn", type_label="Thành phố", parent=province
    )


def snapshot():
    return sorted(Area.objects.values_list("code", "name", "population"))


def test_it_imports_a_good_file(tmp_path, districts):
    result = import_areas(path=write(tmp_path, [feature("99001"), feature("99002")]), kind="commune", mapping=MAPPING)
    assert (result.created, result.updated) == (2, 0)
    commune = Area.objects.get(code="99001")
    assert commune.parent == districts and commune.population == 1000 and commune.geometry.geom_type == "MultiPolygon"
    assert commune.search_name == "xa thu 99001"


def test_it_updates_on_a_second_import(tmp_path, districts):
    import_areas(path=write(tmp_path, [feature("99001")]), kind="commune", mapping=MAPPING)
    result = import_areas(path=write(tmp_path, [feature("99001", pop=2000)]), kind="commune", mapping=MAPPING)
    assert (result.created, result.updated) == (0, 1)
    assert Area.objects.get(code="99001").population == 2000


def test_it_imports_a_shapefile(tmp_path, districts):
    source = write(tmp_path, [feature("99001")])
    subprocess.run(
        ["ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", str(tmp_path / "shp"), str(source)], check=True
    )
    import_areas(
        path=tmp_path / "shp" / "communes.shp",
        kind="commune",
        mapping=FieldMapping(parent="district_c", population="pop"),
    )
    assert Area.objects.get(code="99001").name == "Xã Thử 99001"


def test_it_repairs_a_self_intersecting_polygon(tmp_path, districts):
    bowtie = [[[106.0, 21.0], [106.1, 21.1], [106.1, 21.0], [106.0, 21.1], [106.0, 21.0]]]
    import_areas(path=write(tmp_path, [feature("99001", coordinates=bowtie)]), kind="commune", mapping=MAPPING)
    assert Area.objects.get(code="99001").geometry.valid


@pytest.mark.parametrize(
    "features, expected",
    [
        ([feature(None)], "thiếu mã"),
        ([feature("99001"), feature("99001")], "xuất hiện hai lần"),
        ([feature("99001", parent="999")], "không có đơn vị cấp trên mã '999'"),
        ([feature("99001", pop=-3)], "dân số phải là số nguyên ≥ 0, nhận được '-3'"),
        (
            [feature("99001", coordinates=[[[106.0, 21.0], [106.1, 21.0], [106.0, 21.0], [106.0, 21.0]]])],
            "ranh giới không hợp lệ và không sửa được",
        ),
    ],
    ids=["missing-code", "duplicate-code", "unknown-parent", "negative-population", "degenerate-geometry"],
)
def test_it_rejects_a_bad_feature_and_writes_nothing(tmp_path, districts, features, expected):
    before = snapshot()
    good_then_bad = [feature("99100")] + features
    with pytest.raises(AreaImportError) as exc:
        import_areas(path=write(tmp_path, good_then_bad), kind="commune", mapping=MAPPING)
    assert any(expected in problem for problem in exc.value.problems), exc.value.problems
    assert snapshot() == before


def test_it_reports_each_problem_once(tmp_path, districts):
    features = [feature(None), feature("99002", parent="999"), feature("99003", pop="many")]
    with pytest.raises(AreaImportError) as exc:
        import_areas(path=write(tmp_path, features), kind="commune", mapping=MAPPING)
    assert len(exc.value.problems) == 3


def test_it_rejects_an_unreadable_file(tmp_path, districts):
    path = tmp_path / "broken.geojson"
    path.write_bytes(b"\x00\x01 not a geojson {")
    with pytest.raises(AreaImportError) as exc:
        import_areas(path=path, kind="commune", mapping=MAPPING)
    assert "Không đọc được tệp broken.geojson" in exc.value.problems[0]


def test_it_names_a_missing_field(tmp_path, districts):
    with pytest.raises(AreaImportError) as exc:
        import_areas(
            path=write(tmp_path, [feature("99001")]),
            kind="commune",
            mapping=FieldMapping(parent="huyen", population="pop"),
        )
    assert "Tệp không có trường 'huyen'" in exc.value.problems[0]


def test_the_command_prints_problems_and_exits_2(tmp_path, districts, capsys):
    path = write(tmp_path, [feature("99001", parent="999")])
    with pytest.raises(CommandError) as exc:
        call_command("import_areas", str(path), "--kind", "commune", "--parent-field", "district_code")
    assert exc.value.returncode == 2
    assert "không có đơn vị cấp trên mã '999'" in capsys.readouterr().err
    assert not Area.objects.filter(code="99001").exists()
