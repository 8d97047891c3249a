"""The editors' admin: write, save and preview, publish or schedule, withdraw with a reason, bad input refused."""

import datetime

import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from notices.models import Notice

from .moments import at


def form(**fields) -> dict:
    data = {
        "title": "Thông báo khẩn",
        "slug": "",
        "summary": "Tóm tắt.",
        "body": "Nội dung **khẩn**.",
        "publish_at_0": "",
        "publish_at_1": "",
        "expires_at_0": "",
        "expires_at_1": "",
    }
    data.update(fields)
    return data


def test_it_saves_a_draft_and_shows_its_preview(client, editor, places):
    client.force_login(editor)
    response = client.post(
        reverse("admin:notices_notice_add"), form(areas=[places.huu_lien.pk], levels=["3", "4"], _preview="1")
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("notices:detail", args=[notice.slug])
    assert notice.status == Notice.Status.DRAFT and notice.author == editor and notice.levels == [3, 4]
    assert notice.body_html == "<p>Nội dung <strong>khẩn</strong>.</p>"

    preview = client.get(response["Location"]).content.decode()
    assert "Bản xem trước" in preview and "Nội dung <strong>khẩn</strong>." in preview
    assert "Xã Hữu Liên" in preview and "Mức 4 · Nguy cơ rất cao" in preview


def test_it_publishes_from_the_preview_and_returns_to_the_notice(client, editor):
    client.force_login(editor)
    client.post(reverse("admin:notices_notice_add"), form(_preview="1"))
    notice = Notice.objects.get()
    page = reverse("notices:detail", args=[notice.slug])
    response = client.post(reverse("admin:notices_notice_publish", args=[notice.pk]), {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED and notice.editor == editor
    client.logout()
    assert "Thông báo khẩn" in client.get(page).content.decode()


def test_it_refuses_to_send_the_editor_to_another_site_after_publishing(client, editor, make_notice):
    client.force_login(editor)
    notice = make_notice()
    response = client.post(reverse("admin:notices_notice_publish", args=[notice.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:notices_notice_change", args=[notice.pk])


def test_it_schedules_a_notice_saved_with_a_future_publish_time(client, editor):
    client.force_login(editor)
    with time_machine.travel(at(2021, 8, 5, 9, 0), tick=False):
        response = client.post(
            reverse("admin:notices_notice_add"), form(publish_at_0="2021-08-05", publish_at_1="20:00:00", _publish="1")
        )
        notice = Notice.objects.get()
        assert notice.status == Notice.Status.SCHEDULED and notice.publish_at == at(2021, 8, 5, 20, 0)
        messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
        assert messages == ["Đã hẹn giờ đăng “Thông báo khẩn” lúc 20:00 05/08/2021."]

        client.post(
            reverse("admin:notices_notice_change", args=[notice.pk]),
            form(publish_at_0="2021-08-05", publish_at_1="20:00:00", _unschedule="1"),
        )
        notice.refresh_from_db()
        assert notice.status == Notice.Status.DRAFT


def test_it_rejects_an_expiry_before_publication_and_writes_nothing(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:notices_notice_add"),
        form(
            publish_at_0="2021-08-05",
            publish_at_1="20:00:00",
            expires_at_0="2021-08-05",
            expires_at_1="08:00:00",
        ),
    )
    assert response.status_code == 200
    assert "Thời điểm hết hạn phải sau thời điểm đăng." in response.content.decode()
    assert not Notice.objects.exists()


def test_it_rejects_publishing_an_empty_notice(client, editor):
    client.force_login(editor)
    client.post(reverse("admin:notices_notice_add"), form(body="", _publish="1"))
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.DRAFT
    messages = [
        str(m) for m in client.get(reverse("admin:notices_notice_change", args=[notice.pk])).context["messages"]
    ]
    assert messages == ["Thông báo khẩn: Thông báo chưa có nội dung."]


def test_it_asks_for_a_reason_before_withdrawing_the_selected_notices(client, editor, make_notice):
    first = make_notice("Thứ nhất", publish=True)
    second = make_notice("Thứ hai", publish=True)
    client.force_login(editor)
    changelist = reverse("admin:notices_notice_changelist")
    selection = {"action": "withdraw_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}

    page = client.post(changelist, selection)
    assert page.status_code == 200 and "Lý do thu hồi" in page.content.decode()
    refused = client.post(changelist, {**selection, "confirm": "1", "reason": ""})
    assert refused.status_code == 200
    assert Notice.objects.filter(status=Notice.Status.WITHDRAWN).count() == 0

    client.post(changelist, {**selection, "confirm": "1", "reason": "Hết hiệu lực do dịch đã được kiểm soát."})
    assert set(Notice.objects.values_list("status", "withdrawal_reason")) == {
        ("withdrawn", "Hết hiệu lực do dịch đã được kiểm soát.")
    }


def test_it_publishes_the_selected_notices(client, editor, make_notice):
    drafts = [make_notice("Một"), make_notice("Hai")]
    client.force_login(editor)
    client.post(
        reverse("admin:notices_notice_changelist"),
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [n.pk for n in drafts]},
    )
    assert set(Notice.objects.values_list("status", flat=True)) == {"published"}


def test_it_loads_demo_notices_clearly_marked(places, django_user_model):
    from notices import demo

    message = demo.load()
    demo.load()  # twice: the demo replaces its notices rather than adding more
    notices = Notice.objects.all()
    assert message.startswith("5 demo notices")
    assert notices.count() == 5
    assert all(n.title.startswith("[Minh hoạ] ") and "Thông báo minh hoạ" in n.body_html for n in notices)
    assert {n.public_status() for n in notices} == {"draft", "scheduled", "published", "withdrawn"}
    assert [n.title for n in Notice.objects.current().filter(pinned=True)] == [
        "[Minh hoạ] Cách đọc bản đồ mức độ nguy cơ COVID-19 của tỉnh"
    ]


def test_it_keeps_the_address_of_a_public_notice(client, editor, make_notice):
    with time_machine.travel(at(2021, 8, 5, 9, 0), tick=False):
        notice = make_notice("Địa chỉ cố định", publish=True)
        client.force_login(editor)
        change = reverse("admin:notices_notice_change", args=[notice.pk])
        published = {"publish_at_0": "2021-08-05", "publish_at_1": "09:00:00"}
        client.post(change, form(title="Tiêu đề đã sửa", slug="dia-chi-moi", body="Sửa.", **published))
        notice.refresh_from_db()
        assert notice.title == "Tiêu đề đã sửa" and notice.slug == "dia-chi-co-dinh"
        assert notice.editor == editor and notice.status == Notice.Status.PUBLISHED

        refused = client.post(change, form(title="Không còn giờ đăng"))
        assert refused.status_code == 200
        assert "Thông báo đã đăng hoặc hẹn giờ phải có thời điểm đăng." in refused.content.decode()
        notice.refresh_from_db()
        assert notice.title == "Tiêu đề đã sửa"


def test_it_lists_only_what_happens_later_as_scheduled(make_notice):
    with time_machine.travel(at(2021, 8, 5, 9, 0), tick=False):
        notice = make_notice(publish=True, publish_at=at(2021, 8, 5, 10, 0))
        assert notice.public_status() == "scheduled"
    with time_machine.travel(at(2021, 8, 5, 10, 0) + datetime.timedelta(seconds=1), tick=False):
        assert notice.public_status() == "published"
