"""Email alerts end to end: subscribe (double opt-in), a publication sends one message through a real SMTP server,
unsubscribe in one POST; the same answer for every address; limits per address and per client."""

import datetime
import re

import pytest
from django.urls import reverse

from alerts.models import Delivery, Subscriber

from .conftest import local, publish_levels_of

pytestmark = [pytest.mark.django_db]

DAY_1 = datetime.date(2021, 8, 1)
DAY_2 = datetime.date(2021, 8, 2)


@pytest.fixture
def places(db):
    from areas.models import Area

    def make(code, kind, name, parent=None):
        return Area.objects.create(code=code, kind=kind, name=name, type_label="", parent=parent)

    province = make("20", "province", "Tỉnh Lạng Sơn")
    huu_lung = make("186", "district", "Huyện Hữu Lũng", province)
    trang_dinh = make("180", "district", "Huyện Tràng Định", province)
    huu_lien = make("06388", "commune", "Xã Hữu Liên", huu_lung)
    yen_binh = make("06391", "commune", "Xã Yên Bình", huu_lung)
    that_khe = make("06040", "commune", "Thị trấn Thất Khê", trang_dinh)
    return {
        "province": province,
        "huu_lung": huu_lung,
        "trang_dinh": trang_dinh,
        "huu_lien": huu_lien,
        "yen_binh": yen_binh,
        "that_khe": that_khe,
    }


def all_at(places, level=1, **levels):
    return {area: levels.get(name, level) for name, area in places.items()}


def link_in(message, pattern: str) -> str:
    body = message.get_body(("plain",)).get_content()
    found = re.search(rf"https://covidmaps\.example(\S*{pattern}\S*)", body)
    assert found, body
    return found.group(1)


def subscribe(client, email, *codes, path=None, **extra):
    return client.post(path or reverse("alerts:subscribe"), {"email": email, "khu-vuc": list(codes)}, **extra)


def test_it_sends_one_alert_to_a_confirmed_subscriber_and_unsubscribes_in_one_post(
    client, places, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_levels_of(all_at(places), DAY_1, local(2021, 8, 2))

    answer = subscribe(client, "ba.con@example.vn", "06388")
    assert answer.status_code == 200 and not Subscriber.objects.exists()  # nothing stored before confirmation
    [confirmation] = smtp.to("ba.con@example.vn")
    confirm_path = link_in(confirmation, "/dang-ky/xac-nhan/")
    assert "Xã Hữu Liên" in client.get(confirm_path).content.decode()
    assert not Subscriber.objects.exists()  # opening the link (a link scanner) confirms nothing
    client.post(confirm_path)
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ba.con@example.vn" and [a.code for a in subscriber.areas.all()] == ["06388"]

    with django_capture_on_commit_callbacks(execute=True):
        publication = publish_levels_of(all_at(places, huu_lien=3, huu_lung=2), DAY_2, local(2021, 8, 3))

    alerts = smtp.to("ba.con@example.vn")[1:]
    assert len(alerts) == 1
    [alert] = alerts
    body = alert.get_body(("plain",)).get_content()
    assert "Xã Hữu Liên" in body and "Mức 3 – Nguy cơ cao" in body and "Huyện Hữu Lũng" in body
    assert "Xã Yên Bình" not in body and "Thất Khê" not in body
    assert "https://covidmaps.example/khu-vuc/06388/" in body
    assert alert["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    unsubscribe_url = alert["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url in body
    assert Delivery.objects.get(publication=publication, subscriber=subscriber).status == Delivery.Status.SENT

    # What a mail client does for a one-click unsubscribe (RFC 8058): one POST, no cookie, no CSRF token.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_url.removeprefix("https://covidmaps.example"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200 and not Subscriber.objects.exists()


def test_it_never_sends_a_publication_twice(places, smtp, django_capture_on_commit_callbacks):
    from alerts.tasks import send_publication_alerts

    subscriber = Subscriber.objects.create(email="mot@example.vn", confirmed_at=local(2021, 8, 1))
    subscriber.areas.add(places["huu_lung"])
    publish_levels_of(all_at(places), DAY_1, local(2021, 8, 2))
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish_levels_of(all_at(places, huu_lung=2), DAY_2, local(2021, 8, 3))
    send_publication_alerts(publication.pk)  # the task delivered again, as after a lost acknowledgement

    assert len(smtp.to("mot@example.vn")) == 1
    assert Delivery.objects.filter(publication=publication).count() == 1


def test_it_retries_a_message_the_smtp_server_refused_for_now(places, smtp, django_capture_on_commit_callbacks):
    subscriber = Subscriber.objects.create(email="hai@example.vn", confirmed_at=local(2021, 8, 1))
    subscriber.areas.add(places["that_khe"])
    publish_levels_of(all_at(places), DAY_1, local(2021, 8, 2))
    smtp.refuse = 2  # two "451, try again later" answers, then the server accepts
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish_levels_of(all_at(places, province=2), DAY_2, local(2021, 8, 3))

    [alert] = smtp.to("hai@example.vn")
    assert "Tỉnh Lạng Sơn" in alert.get_body(("plain",)).get_content()
    delivery = Delivery.objects.get(publication=publication)
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 3


def test_it_writes_to_each_subscriber_in_their_language(client, places, smtp, django_capture_on_commit_callbacks):
    publish_levels_of(all_at(places), DAY_1, local(2021, 8, 2))
    subscribe(client, "english@example.com", "06040", path="/en/dang-ky/")
    [confirmation] = smtp.to("english@example.com")
    assert "Confirm" in confirmation["Subject"] or "confirm" in confirmation.get_body(("plain",)).get_content()
    client.post(link_in(confirmation, "/dang-ky/xac-nhan/"))
    assert Subscriber.objects.get().language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        publish_levels_of(all_at(places, that_khe=4), DAY_2, local(2021, 8, 3))
    alert = smtp.to("english@example.com")[-1]
    assert "Level 4 – Very high risk" in alert.get_body(("plain",)).get_content()


def test_it_gives_the_same_answer_for_known_and_unknown_addresses(client, places, smtp):
    Subscriber.objects.create(email="known@example.vn", confirmed_at=local(2021, 8, 1)).areas.add(places["huu_lien"])
    known = subscribe(client, "known@example.vn", "06388")
    unknown = subscribe(client, "unknown@example.vn", "06388")
    assert known.status_code == unknown.status_code == 200
    scrub = lambda response: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())  # noqa: E731
    assert scrub(known) == scrub(unknown)


def test_it_rejects_a_bad_address_or_an_unknown_area_and_stores_nothing(client, places, smtp):
    bad_address = subscribe(client, "not-an-address", "06388")
    assert bad_address.status_code == 400 and "không hợp lệ" in bad_address.content.decode()
    unknown_area = subscribe(client, "ba@example.vn", "99999")
    assert unknown_area.status_code == 400 and "99999" in unknown_area.content.decode()
    none_chosen = subscribe(client, "ba@example.vn")
    assert none_chosen.status_code == 400
    assert not smtp.messages and not Subscriber.objects.exists()


def test_it_stops_mailing_an_address_asked_for_too_often_without_saying_so(client, places, smtp, settings):
    settings.ALERTS_ADDRESS_RATE = "2/h"
    settings.ALERTS_CLIENT_RATE = "100/h"
    answers = [subscribe(client, "nhieu@example.vn", "06388", REMOTE_ADDR=f"10.0.0.{i}") for i in range(4)]
    assert {a.status_code for a in answers} == {200}
    assert len(smtp.to("nhieu@example.vn")) == 2


def test_it_refuses_a_client_that_asks_too_often(client, places, smtp, settings):
    settings.ALERTS_CLIENT_RATE = "3/h"
    settings.RATELIMIT_ENABLE = True
    answers = [subscribe(client, f"nguoi{i}@example.vn", "06388") for i in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert len(smtp.messages) == 3


def test_it_rejects_a_forged_or_expired_confirmation(client, places, smtp, time_machine):
    time_machine.move_to(local(2021, 8, 1, 8, 0))
    subscribe(client, "cham@example.vn", "06388")
    path = link_in(smtp.to("cham@example.vn")[0], "/dang-ky/xac-nhan/")
    forged = path.replace("/xac-nhan/", "/xac-nhan/x")
    assert client.post(forged).status_code == 400
    time_machine.move_to(local(2021, 8, 5, 8, 0))
    late = client.post(path)
    assert late.status_code == 400 and "hết hạn" in late.content.decode()
    assert not Subscriber.objects.exists()
