from areas.models import Adjacency, Area
from areas.services import load_langson


def test_without_boundary_files_it_draws_schematic_cells(db):
    assert load_langson(boundaries=None) == "schematic"
    communes = Area.objects.filter(kind="commune")
    assert communes.count() == 200
    assert not communes.filter(geometry=None).exists()
    assert set(communes.values_list("schematic", flat=True)) == {True}
    for commune in communes:
        assert commune.geometry.contains(commune.point) or commune.geometry.touches(commune.point)
        assert Adjacency.objects.filter(area_a=commune).exists() or Adjacency.objects.filter(area_b=commune).exists()
    assert Area.objects.get(code="187").geometry is not None


def test_the_admin_shows_areas_on_a_map(admin_client, langson):
    response = admin_client.get("/admin/areas/area/")
    assert response.status_code == 200 and "Tràng Định" in response.content.decode()
    commune = Area.objects.get(code="05971")
    page = admin_client.get(f"/admin/areas/area/{commune.pk}/change/").content.decode()
    assert "leaflet" in page.lower() and "geometry" in page
