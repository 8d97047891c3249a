"""The admin of risk: the review-and-publish page (approvers only), overrides, rule sets, assessments."""

import pytest

from risk.models import Assessment, Override, Publication, RuleSet

from .conftest import D

REVIEW = "/admin/risk/publication/review/"
OTHER_STAFF = ["data_clerk", "district_clerk", "editor", "outsider"]


@pytest.fixture
def outbreak(world, recompute):
    world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
    recompute(D(2021, 6, 10), D(2021, 6, 11))
    return world


def login(client, user):
    client.force_login(user)
    return client


def test_it_lists_the_dates_with_what_awaits_approval(outbreak, client, approver):
    page = login(client, approver).get(REVIEW)
    assert page.status_code == 200
    html = page.content.decode()
    assert "10/06/2021" in html and "11/06/2021" in html
    assert html.count("Chờ phê duyệt") == 3  # the summary line and the two dates


def test_it_shows_every_change_with_its_reasons(outbreak, client, approver):
    page = login(client, approver).get(REVIEW + "2021-06-10/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Chờ phê duyệt" in html
    assert "8 đơn vị thay đổi cấp độ" in html  # no publication yet: every area is new
    assert "Xã Một Hai" in html and "chùm ca F0 chưa rõ nguồn lây" in html
    assert "4 – Nguy cơ rất cao" in html
    assert 'type="datetime-local"' in html and 'value="2021-06-11T00:00"' not in html  # default: next 00:00 from now
    assert "<script>" not in html and 'style="' not in html


def test_it_publishes_from_the_review_page(outbreak, client, approver, django_capture_on_commit_callbacks):
    login(client, approver)
    page = client.get(REVIEW + "2021-06-10/")
    signature = page.context["form"].initial["signature"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REVIEW + "2021-06-10/",
            {
                "effective_at": "2021-06-11T00:00",
                "note": "Theo họp giao ban",
                "signature": signature,
                "confirm_incomplete": "on",
            },
        )
    publication = Publication.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/admin/risk/publication/{publication.pk}/change/")
    assert publication.published_by == approver and publication.note == "Theo họp giao ban"
    assert publication.levels.get(area__code="TC12").level == 4
    detail = client.get(response.url).content.decode()
    assert "Xã Một Hai" in detail and "Nguyên văn Quyết định" in detail


def test_it_shows_a_publication_problem_on_the_page_and_writes_nothing(outbreak, client, approver):
    login(client, approver)
    response = client.post(REVIEW + "2021-06-10/", {"effective_at": "2021-06-09T23:00", "signature": "stale"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "đã thay đổi từ khi bạn xem" in html and "không được trước ngày số liệu" in html
    assert not Publication.objects.exists()


@pytest.mark.parametrize("persona", OTHER_STAFF)
def test_it_refuses_the_review_page_to_other_staff(outbreak, client, persona, request):
    login(client, request.getfixturevalue(persona))
    assert client.get(REVIEW).status_code == 403
    assert client.get(REVIEW + "2021-06-10/").status_code == 403
    response = client.post(REVIEW + "2021-06-10/", {"effective_at": "2021-06-11T00:00", "signature": "x"})
    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_it_has_english_for_its_interface():
    from django.utils import translation
    from django.utils.translation import gettext, ngettext

    with translation.override("en"):
        assert gettext("Chờ phê duyệt") == "Awaiting approval"
        assert (
            ngettext("%(counter)s đơn vị thay đổi cấp độ", "%(counter)s đơn vị thay đổi cấp độ", 2) % {"counter": 2}
            == "2 areas change level"
        )
        assert gettext("Được phê duyệt và công bố cấp độ") == "Can approve and publish levels"


def test_it_sends_visitors_to_the_login_page(outbreak, client):
    response = client.get(REVIEW)
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_it_answers_404_for_a_date_without_levels(outbreak, client, approver):
    login(client, approver)
    assert client.get(REVIEW + "2021-07-01/").status_code == 404
    assert client.get(REVIEW + "not-a-date/").status_code == 404


def override_form(world, **changes):
    return {
        "area": world["TC21"].pk,
        "level": "4",
        "start": "2021-06-10",
        "end": "2021-06-20",
        "reason": "Ổ dịch tại chợ đầu mối",
        "body": "UBND tỉnh Lạng Sơn",
        "decision_number": "1234/QĐ-UBND",
        **changes,
    }


def test_it_lets_an_approver_decide_an_override_that_neighbours_see(
    outbreak, client, approver, django_capture_on_commit_callbacks
):
    login(client, approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/risk/override/add/", override_form(outbreak))
    assert response.status_code == 302, response.content.decode()[:2000]
    override = Override.objects.get()
    assert (override.created_by, override.level) == (approver, 4)
    assert override.history.first().history_user == approver
    levels = outbreak.levels(D(2021, 6, 11))
    assert levels["TC21"] == 4 and levels["TC22"] == 3  # recomputed at once without a broker


def test_it_changes_and_withdraws_an_override_with_recomputation(
    outbreak, client, approver, django_capture_on_commit_callbacks
):
    login(client, approver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/risk/override/add/", override_form(outbreak))
    override = Override.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/risk/override/{override.pk}/change/", override_form(outbreak, start="2021-06-11")
        )
    assert response.status_code == 302
    assert outbreak.levels(D(2021, 6, 10))["TC21"] == 2 and outbreak.levels(D(2021, 6, 11))["TC21"] == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/risk/override/{override.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Override.objects.exists()
    assert outbreak.levels(D(2021, 6, 11))["TC21"] == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"start": "2021-06-21"}, "Ngày kết thúc phải từ ngày bắt đầu trở đi"),
        ({"reason": "   "}, "Trường này là bắt buộc"),
        ({"level": "5"}, "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_it_rejects_a_bad_override_with_a_clear_message(outbreak, client, approver, changes, message):
    login(client, approver)
    response = client.post("/admin/risk/override/add/", override_form(outbreak, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Override.objects.exists()


def test_it_rejects_an_override_of_an_external_area(outbreak, client, approver):
    login(client, approver)
    response = client.post("/admin/risk/override/add/", override_form(outbreak, area=outbreak["TX"].pk))
    assert "ở ngoài tỉnh" in response.content.decode()
    assert not Override.objects.exists()


@pytest.mark.parametrize("persona", OTHER_STAFF)
def test_it_refuses_overrides_to_other_staff(outbreak, client, persona, request):
    login(client, request.getfixturevalue(persona))
    assert client.post("/admin/risk/override/add/", override_form(outbreak)).status_code == 403
    assert not Override.objects.exists()


def test_it_shows_assessments_with_readable_reasons_to_staff(outbreak, client, data_clerk):
    login(client, data_clerk)
    page = client.get("/admin/risk/assessment/?date__day=10&date__month=6&date__year=2021")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Xã Một Hai" in html and "chùm ca F0 chưa rõ nguồn lây" in html
    assessment = Assessment.objects.get(area__code="TC12", date=D(2021, 6, 10))
    detail = client.get(f"/admin/risk/assessment/{assessment.pk}/change/")
    assert detail.status_code == 200 and "Nguyên văn Quyết định" in detail.content.decode()
    assert client.post(f"/admin/risk/assessment/{assessment.pk}/change/", {}).status_code == 403


def ruleset_form(ruleset, parameters, note="Theo công văn của Bộ Y tế"):
    import json

    return {
        "valid_from": ruleset.valid_from.isoformat(),
        "valid_to": "",
        "parameters": json.dumps(parameters),
        "change_note": note,
    }


def test_it_lets_a_superuser_change_parameters_with_history(
    outbreak, admin_client, admin_user, django_capture_on_commit_callbacks
):
    ruleset = RuleSet.objects.get(code="QD2686")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/risk/ruleset/{ruleset.pk}/change/", ruleset_form(ruleset, {**ruleset.parameters, "window_days": 7})
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    ruleset.refresh_from_db()
    assert ruleset.parameters["window_days"] == 7
    last = ruleset.changelog.splitlines()[-1]
    assert "window_days: 14 → 7" in last and "admin" in last and "Theo công văn của Bộ Y tế" in last
    assert ruleset.history.first().history_user == admin_user
    assert Assessment.objects.filter(date=D(2021, 6, 10)).exists()  # the dates it rules were recomputed


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"window_days": 0}, "window_days: must be a whole number from 1 to 60"),
        ({"high_share": 1.5}, "high_share: must be a number strictly between 0 and 1"),
        ({"no_such_parameter": 1}, "unknown parameter"),
    ],
)
def test_it_validates_parameters_with_the_engine(outbreak, admin_client, parameters, message):
    ruleset = RuleSet.objects.get(code="QD2686")
    before = dict(ruleset.parameters)
    response = admin_client.post(
        f"/admin/risk/ruleset/{ruleset.pk}/change/", ruleset_form(ruleset, {**before, **parameters})
    )
    assert response.status_code == 200 and message in response.content.decode()
    ruleset.refresh_from_db()
    assert ruleset.parameters == before


def test_it_lets_approvers_read_but_not_change_rule_sets(outbreak, client, approver):
    ruleset = RuleSet.objects.get(code="QD2686")
    login(client, approver)
    page = client.get(f"/admin/risk/ruleset/{ruleset.pk}/change/")
    assert page.status_code == 200 and "window_days" in page.content.decode()
    response = client.post(
        f"/admin/risk/ruleset/{ruleset.pk}/change/", ruleset_form(ruleset, {**ruleset.parameters, "window_days": 7})
    )
    assert response.status_code == 403
    ruleset.refresh_from_db()
    assert ruleset.parameters["window_days"] == 14
