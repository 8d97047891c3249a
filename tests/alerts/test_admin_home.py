"""The editor's admin home lists what the latest publication changed, with the draft notice, posters and
loudspeaker texts of the changed areas; the loudspeaker templates are the editor's to maintain."""

import datetime

import pytest

from .conftest import local, publish_levels_of

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def published_change(db, django_capture_on_commit_callbacks):
    from areas.models import Area

    province = Area.objects.create(code="20", kind="province", name="Tỉnh Lạng Sơn", type_label="Tỉnh")
    district = Area.objects.create(
        code="186", kind="district", name="Huyện Hữu Lũng", type_label="Huyện", parent=province
    )
    commune = Area.objects.create(code="06388", kind="commune", name="Xã Hữu Liên", type_label="Xã", parent=district)
    levels = {province: 1, district: 1, commune: 1}
    publish_levels_of(levels, datetime.date(2021, 8, 1), local(2021, 8, 2))
    with django_capture_on_commit_callbacks(execute=True):
        return publish_levels_of({**levels, district: 2, commune: 3}, datetime.date(2021, 8, 2), local(2021, 8, 3))


def test_it_lists_the_changes_with_their_notice_posters_and_loudspeaker_texts(client, editor, published_change):
    from notices.models import Notice

    client.force_login(editor)
    html = client.get("/admin/").content.decode()

    notice = Notice.objects.get(source_publication=published_change)
    assert f"/admin/notices/notice/{notice.pk}/change/" in html
    for code in ("186", "06388"):
        assert f"/khu-vuc/{code}/ap-phich.pdf" in html and f"/khu-vuc/{code}/phat-thanh/" in html
        assert f"/khu-vuc/{code}/phat-thanh.txt" in html
    assert "/khu-vuc/186/ap-phich-xa.pdf" in html and "/khu-vuc/20/ap-phich.pdf" not in html


def test_it_shows_no_changes_to_staff_who_do_not_edit_notices(client, outsider, published_change):
    client.force_login(outsider)
    assert "outreach-changes" not in client.get("/admin/").content.decode()


def test_an_editor_edits_a_loudspeaker_template_in_the_admin(client, editor, published_change):
    from notices.models import LoudspeakerText

    client.force_login(editor)
    data = {
        "level": 2,
        "valid_from": "02/08/2021",
        "valid_to": "",
        "body_vi": "Loa xã thông báo: {dia_ban} ở cấp {cap_do}.",
        "body_en": "",
    }
    response = client.post("/admin/notices/loudspeakertext/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LoudspeakerText.objects.get(body_vi__startswith="Loa xã").updated_by == editor

    refused = client.post("/admin/notices/loudspeakertext/add/", {**data, "body_vi": "Xin {so_dien_thoai}."})
    assert refused.status_code == 200 and "so_dien_thoai" in refused.content.decode()
