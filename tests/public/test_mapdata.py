"""The map's data: a small, seamless topology cached for long, and small levels files per publication."""

import gzip
import json

import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon

from public import mapdata
from risk.engine.levels import Level


def decode(document: dict, layer: str) -> dict[str, MultiPolygon]:
    """Turn the TopoJSON back into shapely polygons, the way static/js/map.js does."""
    (sx, sy), (tx, ty) = document["transform"]["scale"], document["transform"]["translate"]
    arcs = []
    for arc in document["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(refs):
        points = []
        for i, ref in enumerate(refs):
            arc = arcs[~ref][::-1] if ref < 0 else arcs[ref]
            points.extend(arc if i == 0 else arc[1:])
        return points

    return {
        g["id"]: MultiPolygon([Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in g["arcs"]])
        for g in document["objects"][layer]["geometries"]
    }


@pytest.mark.boundaries
def test_it_keeps_the_commune_map_under_40_kb_gzipped(published):
    geometry = mapdata.map_geometry()
    assert len(geometry.gzipped) < 40 * 1024
    document = json.loads(geometry.content)
    assert len(document["objects"]["communes"]["geometries"]) == 200
    assert len(document["objects"]["neighbours"]["geometries"]) == 5


def test_it_opens_no_gap_or_overlap_between_neighbours(published):
    document = json.loads(mapdata.map_geometry().content)
    communes = decode(document, "communes")
    assert all(shape.is_valid for shape in communes.values())
    union = shapely.union_all(list(communes.values()))
    total = sum(shape.area for shape in communes.values())
    assert abs(union.area - total) < 1e-6  # no overlaps
    assert union.geom_type == "Polygon" and not list(union.interiors)  # no gaps: one piece without holes


def test_it_stores_each_shared_border_once(published):
    document = json.loads(mapdata.map_geometry().content)
    uses: dict[int, int] = {}
    for geometry in document["objects"]["communes"]["geometries"]:
        for polygon in geometry["arcs"]:
            for ring in polygon:
                for ref in ring:
                    uses[ref if ref >= 0 else ~ref] = uses.get(ref if ref >= 0 else ~ref, 0) + 1
    shared = sum(1 for count in uses.values() if count == 2)
    assert shared >= 523  # at least one arc per pair of adjacent communes
    assert document["objects"]["district_borders"]["arcs"] and document["objects"]["province_border"]["arcs"]


def test_it_writes_versioned_files_with_gzip_twins(published, settings):
    first, second = published
    paths = mapdata.write_published_files(publication=first)
    names = sorted(p.name for p in paths)
    geometry = mapdata.map_geometry()
    assert names == sorted(
        [geometry.name, geometry.name + ".gz", mapdata.levels_name(first), mapdata.levels_name(first) + ".gz"]
    )
    for path in paths:
        if path.suffix == ".gz":
            assert gzip.decompress(path.read_bytes()) == path.with_suffix("").read_bytes()
    again = mapdata.write_published_files(publication=second)
    assert geometry.name in {p.name for p in again}  # the geometry is not sent again
    assert len(list((settings.PUBLISHED_ROOT).iterdir())) == 6
    communes = mapdata.areas_file(kind="commune", language="en", publication=second)
    assert (settings.PUBLISHED_ROOT / communes.name).read_bytes() == communes.content  # written when first built
    assert (settings.PUBLISHED_ROOT / (communes.name + ".gz")).exists()


def test_it_draws_the_same_borders_on_the_map_and_in_the_open_data(client, published):
    map_communes = decode(json.loads(mapdata.map_geometry().content), "communes")
    features = json.loads(client.get("/api/v1/areas.geojson", {"kind": "commune"}).content)["features"]
    assert len(features) == len(map_communes) == 200
    for feature in features:
        drawn = shapely.geometry.shape(feature["geometry"])
        assert drawn.symmetric_difference(map_communes[feature["id"]]).area < 1e-9


def test_it_answers_the_open_data_geojson_with_its_published_file(client, published):
    _, second = published
    response = client.get("/api/v1/areas.geojson", {"kind": "district"}, HTTP_ACCEPT_ENCODING="gzip")
    found = mapdata.areas_file(kind="district", language="vi", publication=second)
    assert response["Content-Type"] == "application/geo+json" and response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == found.content
    assert response["ETag"].startswith('W/"')
    assert client.get(found.url).content == found.content  # the same bytes as the file nginx serves
    # Replayed from the cache, each client still gets the encoding it asked for.
    plain = client.get("/api/v1/areas.geojson", {"kind": "district"})
    assert plain.content == found.content and not plain.has_header("Content-Encoding")
    assert plain["ETag"] == response["ETag"].removeprefix("W/")
    again = client.get("/api/v1/areas.geojson", {"kind": "district"}, HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(again.content) == found.content and again["ETag"] == response["ETag"]
    head = client.head("/api/v1/areas.geojson", {"kind": "district"})
    assert head.content == b"" and head["Content-Type"] == "application/geo+json"
    english = client.get("/en/api/v1/areas.geojson", {"kind": "district"}).json()
    assert {f["properties"]["label"] for f in english["features"]} <= {lv.label_en for lv in Level}
    past = client.get("/api/v1/areas.geojson", {"kind": "district", "date": "2021-06-15"}).json()
    assert past["publication"]["id"] == published[0].pk


def test_it_sends_levels_small_and_apart_from_the_geometry(published):
    first, second = published
    levels = mapdata.map_levels(publication=second)
    document = json.loads(levels.content)
    assert document["levels"]["06166"] == [3, "2021-06-16"]
    assert document["publication"]["data_date"] == "2021-06-15"
    assert len(levels.gzipped) < 3 * 1024
    assert mapdata.map_levels(publication=first).name != levels.name


def test_it_serves_the_map_files_for_a_year(client, published):
    first, _ = published
    geometry = mapdata.map_geometry()
    response = client.get(geometry.url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert gzip.decompress(response.content) == geometry.content
    plain = client.get(mapdata.map_levels(publication=first).url)
    assert json.loads(plain.content)["publication"]["id"] == first.pk


def test_it_answers_404_for_a_map_file_it_does_not_have(client, published):
    first, _ = published
    assert client.get("/published/geometry-000000000000.json").status_code == 404
    assert client.get(f"/published/levels-{first.pk}-1.json").status_code == 404
    assert client.get("/published/../settings.py").status_code == 404


def test_it_hands_the_map_its_files_in_the_page(client, published):
    _, second = published
    page = client.get("/").content.decode()
    config = json.loads(page.split('<script id="map-config" type="application/json">')[1].split("</script>")[0])
    assert config["geometry"] == mapdata.map_geometry().url
    assert config["levels"] == mapdata.levels_name(second).join(["/published/", ""])
    assert config["tiles"] is None
    assert set(config["levelInfo"]) == {"1", "2", "3", "4"}
    past = client.get("/", {"ngay": "2021-06-15"}).content.decode()
    assert f"levels-{published[0].pk}-" in past


@pytest.mark.boundaries
def test_it_keeps_the_first_view_of_the_home_page_under_150_kb(client, published):
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    _, current = published
    page = client.get("/").content
    html = page.decode()
    assets = re.findall(r'<(?:link[^>]+href|script[^>]+src)="/static/([^"]+)"', html)
    # Leaflet comes with the map, fetched by the map's script when the map is on screen (a desktop's first view).
    config = json.loads(html.split('<script id="map-config" type="application/json">')[1].split("</script>")[0])
    assets += [url.removeprefix("/static/") for url in config["leaflet"].values()]
    assert {"css/site.css", "leaflet/leaflet.js", "leaflet/leaflet.css", "js/map.js"} <= set(assets)
    # As transferred: nginx compresses the page (level 5); static and map files are stored compressed.
    sizes = [len(gzip.compress(page, 5))]
    sizes += [len(gzip.compress(Path(finders.find(asset)).read_bytes(), 9)) for asset in assets]
    sizes += [len(mapdata.map_geometry().gzipped), len(mapdata.map_levels(publication=current).gzipped)]
    assert sum(sizes) < 150 * 1024
