"""Who may do what: the editors do everything, health staff read, others nothing; every change is in the history."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from notices import services
from notices.models import Measure, Notice

pytestmark = pytest.mark.django_db

PERSONAS = ["editor", "data_clerk", "approver", "outsider"]
# persona: (may read in the admin, may write and publish)
MATRIX = {
    "editor": (True, True),
    "data_clerk": (True, False),
    "approver": (True, False),
    "outsider": (False, False),
}


def login(client, request, name):
    user = request.getfixturevalue(name)
    client.force_login(user)
    return user


@pytest.mark.parametrize("name", PERSONAS)
def test_it_lets_only_staff_with_the_permission_read_notices_measures_and_texts(client, request, name):
    login(client, request, name)
    may_read, _ = MATRIX[name]
    for model in ("notice", "measure", "publictext"):
        response = client.get(reverse(f"admin:notices_{model}_changelist"))
        assert response.status_code == (200 if may_read else 403), model


@pytest.mark.parametrize("name", PERSONAS)
def test_it_lets_only_editors_write(client, request, name):
    login(client, request, name)
    _, may_write = MATRIX[name]
    for model in ("notice", "measure", "publictext"):
        response = client.get(reverse(f"admin:notices_{model}_add"))
        assert response.status_code == (200 if may_write else 403), model


@pytest.mark.parametrize("name", PERSONAS)
def test_it_lets_only_editors_publish(client, request, make_notice, name):
    user = login(client, request, name)
    _, may_publish = MATRIX[name]
    notice = make_notice("Thông báo chờ đăng")
    response = client.post(reverse("admin:notices_notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert (notice.status == Notice.Status.PUBLISHED) == may_publish
    assert response.status_code == (302 if may_publish else 403)
    if not may_publish:
        with pytest.raises(PermissionDenied):
            services.publish_notice(notice=notice, user=user)


@pytest.mark.parametrize("name", PERSONAS)
def test_it_lets_only_editors_withdraw(client, request, make_notice, name):
    login(client, request, name)
    _, may_withdraw = MATRIX[name]
    notice = make_notice(publish=True)
    response = client.post(reverse("admin:notices_notice_withdraw", args=[notice.pk]), {"reason": "Hết cần thiết."})
    notice.refresh_from_db()
    assert (notice.status == Notice.Status.WITHDRAWN) == may_withdraw
    assert response.status_code == (302 if may_withdraw else 403)


def test_it_rejects_changes_to_a_published_notice_by_someone_who_may_not_publish(client, make_notice, data_clerk):
    notice = make_notice("Tiêu đề gốc", publish=True)
    # Allowed to edit drafts, not to publish: the public notice stays as it is.
    data_clerk.user_permissions.add(Permission.objects.get(codename="change_notice"))
    client.force_login(data_clerk)
    response = client.post(
        reverse("admin:notices_notice_change", args=[notice.pk]),
        {"title": "Tiêu đề sửa", "slug": notice.slug, "body": "x", "levels": []},
    )
    notice.refresh_from_db()
    assert response.status_code == 403 and notice.title == "Tiêu đề gốc"
    assert client.get(reverse("admin:notices_notice_change", args=[notice.pk])).status_code == 200  # read-only view


def test_it_lets_health_staff_publish_once_given_the_permission(client, make_notice, approver):
    approver.user_permissions.add(Permission.objects.get(codename="publish_notice"))
    client.force_login(approver)
    notice = make_notice()
    client.post(reverse("admin:notices_notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED and notice.editor == approver


def test_it_offers_the_publish_actions_only_to_publishers(client, make_notice, editor, data_clerk):
    make_notice()

    def actions(user):
        client.force_login(user)
        form = client.get(reverse("admin:notices_notice_changelist")).context["action_form"]
        return {name for name, _ in form.fields["action"].choices} if form else set()

    assert {"publish_selected", "withdraw_selected"} <= actions(editor)
    assert not {"publish_selected", "withdraw_selected"} & actions(data_clerk)


def test_it_never_deletes_a_notice_once_public(client, make_notice, editor):
    draft = make_notice("Bản nháp bỏ")
    public = make_notice("Đã đăng", publish=True)
    client.force_login(editor)
    assert client.get(reverse("admin:notices_notice_delete", args=[public.pk])).status_code == 403
    client.post(reverse("admin:notices_notice_delete", args=[draft.pk]), {"post": "yes"})
    assert list(Notice.objects.values_list("title", flat=True)) == ["Đã đăng"]


def test_it_records_every_change_with_its_author(client, make_notice, editor):
    client.force_login(editor)
    client.post(
        reverse("admin:notices_notice_add"),
        {
            "title": "Thông báo lịch sử",
            "slug": "",
            "summary": "",
            "body": "Bản đầu.",
            "levels": ["2"],
            "publish_at_0": "",
            "publish_at_1": "",
            "expires_at_0": "",
            "expires_at_1": "",
        },
    )
    notice = Notice.objects.get(title="Thông báo lịch sử")
    client.post(reverse("admin:notices_notice_publish", args=[notice.pk]))
    client.post(reverse("admin:notices_notice_withdraw", args=[notice.pk]), {"reason": "Thử thu hồi."})
    history = list(notice.history.order_by("history_date"))
    assert [h.status for h in history] == ["draft", "published", "withdrawn"]
    assert {h.history_user for h in history} == {editor}
    assert notice.author == editor

    measure = Measure.objects.filter(mandatory=True).first()
    client.post(
        reverse("admin:notices_measure_change", args=[measure.pk]),
        {
            "level": measure.level,
            "order": measure.order,
            "text_vi": measure.text_vi,
            "text_en": "Edited gloss.",
            "legal_reference": measure.legal_reference,
            "mandatory": "on",
            "area": "",
            "local_decision": "",
            "valid_from": "2021-05-31",
            "valid_to": "",
        },
    )
    assert measure.history.latest().history_user == editor and measure.history.latest().text_en == "Edited gloss."
