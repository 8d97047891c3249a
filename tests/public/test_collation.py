"""Vietnamese alphabetical order on both databases: Bắc before Bình, D before Đ, A before Ă before Â."""

import pytest

from areas.collation import area_sort_key, sort_key

ORDERED = [
    "A",
    "An",
    "Ă",
    "Âm",
    "Ba",
    "Bà",
    "Bá",
    "Bả",
    "Bã",
    "Bạ",
    "Bắc Sơn",
    "Bình Gia",
    "Dân",
    "Đình Lập",
    "Đồng Tiến",
    "Ơn",
    "Uy",
    "Ưng",
    "Yên Vượng",
]


def test_it_orders_names_as_vietnamese_does():
    assert sorted(reversed(ORDERED), key=sort_key) == ORDERED


def test_it_orders_a_name_before_the_longer_names_it_begins():
    assert sort_key("Tân") < sort_key("Tân An") < sort_key("Tân Thành")


def test_it_sorts_an_area_by_its_name_not_its_type():
    names = [("Xã Bắc Sơn", "Xã"), ("Thị trấn Bình Gia", "Thị trấn"), ("Phường Chi Lăng", "Phường")]
    assert sorted(names, key=lambda n: area_sort_key(name=n[0], type_label=n[1])) == names


def test_it_makes_keys_of_digits_only_so_every_database_collation_agrees():
    assert sort_key("Xã Đồng Tiến (cũ)").isdigit()


@pytest.mark.django_db
def test_it_lists_districts_and_communes_in_vietnamese_order(langson):
    import datetime

    from public import selectors

    day = datetime.date(2021, 6, 15)
    districts = [d.name for d in selectors.districts(day=day)]
    assert districts.index("Huyện Bắc Sơn") < districts.index("Huyện Bình Gia") < districts.index("Huyện Cao Lộc")
    assert districts.index("Huyện Đình Lập") < districts.index("Huyện Hữu Lũng")
    communes = selectors.communes(day=day)
    names = [c.name for c in communes]
    assert names.index("Xã Đồng Tiến") < names.index("Xã Yên Vượng")
    assert names.index("Thị trấn Bắc Sơn") < names.index("Thị trấn Bình Gia")
    # Bare names: Đ is a letter of its own, after C and D and before E, G, H (no commune begins with D).
    initials = [c.name[len(c.type_label) + 1 :][0] for c in communes]
    last = {initial: i for i, initial in enumerate(initials)}
    first = {initial: i for i, initial in reversed(list(enumerate(initials)))}
    assert last["C"] < first["Đ"] and last["Đ"] < first["G"]


@pytest.mark.django_db
def test_it_sorts_the_home_table_by_name_in_vietnamese_order(client, published):
    import re

    names = []
    for number in range(1, 9):  # 200 communes, 25 a page
        page = client.get("/", {"sap_xep": "ten", "trang": number}).content.decode()
        table = page[page.index("table--communes") :]
        names += re.findall(r'<th scope="row"><a href="/khu-vuc/\d+/">([^<]+)</a>', table)
    assert len(names) == 200
    assert names.index("Xã Đồng Tiến") < names.index("Xã Yên Vượng")
    assert names.index("Thị trấn Bắc Sơn") < names.index("Thị trấn Bình Gia")
    assert names.index("Xã Bắc Xa") < names.index("Xã Bình Trung") < names.index("Xã Đình Lập")
