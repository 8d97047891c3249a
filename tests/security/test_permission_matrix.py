"""The permission matrix (issue 10, item 2), generated from the code rather than written by hand.

Every URL of the admin (each registered model's changelist, add, change, delete, history list and detail, its
custom views and downloads, its actions, the autocomplete of its fields) and of the staff API is requested with GET
and POST by every persona. What each persona may do comes from ONE table of rights by model and action, which
defaults to the model's Django permissions plus the district scope rules; the table only lists where a model
departs from that (read-only records, pages of their own). A model registered later is therefore covered without
editing this file, and a URL the table cannot classify fails the test.

A refused request must answer "no" (401/403/404, or a redirect to the login or the admin index) and must write
nothing: the database's own write counter and a fingerprint of every table (rows and highest id) are compared
before and after. Every request runs in a savepoint rolled back afterwards, so all requests see the same data.
"""

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import connection, transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ingest import access

D = datetime.date(2021, 6, 10)
OTHER_DISTRICT = "178"  # Thành phố Lạng Sơn; the district clerk works for Hữu Lũng (186)
OTHER_COMMUNE = "05977"  # Phường Vĩnh Trại, in OTHER_DISTRICT
PERSONAS = ["anonymous", "province_clerk", "district_clerk", "approver", "editor", "superuser"]


# ---------------------------------------------------------------------------------------------------------------
# The rights: who may do what, by model and action. Rule = (user, obj) -> bool; obj is None for list-level pages.

Rule = Callable[[object, object], bool]


def staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def perm(action: str, label: str) -> Rule:
    app_label, model_name = label.split(".")
    return lambda user, obj: staff(user) and user.has_perm(f"{app_label}.{action}_{model_name}")


def nobody(user, obj) -> bool:
    return False


def superuser_only(user, obj) -> bool:
    return staff(user) and user.is_superuser


def in_scope(label: str, user, obj, *, writing: bool) -> bool:
    """The district scope. What the province publishes (risk, notices) and the levels of external areas are
    changed only by staff of the whole province; the health department's raw data (ingest) is seen and changed
    only in one's own districts."""
    app_label = label.split(".")[0]
    if writing and app_label in ("risk", "notices"):
        return access.has_whole_province(user)
    area = getattr(obj, "area", None) if obj is not None and any(f.name == "area" for f in obj._meta.fields) else None
    if area is None:
        return True
    if area.external:
        return not writing or access.has_whole_province(user)
    return access.area_in_scope(user, area) if writing or app_label == "ingest" else True


def default_rule(label: str, action: str) -> Rule:
    """Derive the right from the model's permissions and the scope rules."""
    if action == "view":
        return lambda user, obj: (
            (perm("view", label)(user, obj) or perm("change", label)(user, obj))
            and in_scope(label, user, obj, writing=False)
        )
    if action in ("add", "change", "delete"):
        return lambda user, obj: perm(action, label)(user, obj) and in_scope(label, user, obj, writing=True)
    raise KeyError(action)


def import_visible(user, obj) -> bool:
    return obj is None or not access.is_scoped(user) or obj.uploaded_by_id == user.pk


def may_upload(user, obj) -> bool:
    return staff(user) and access.can_upload(user) and import_visible(user, obj)


def view_import(user, obj) -> bool:
    return perm("view", "ingest.reportimport")(user, obj) and import_visible(user, obj)


def publishes_levels(user, obj) -> bool:
    return staff(user) and user.has_perm("risk.publish_levels")


def publishes_notices(user, obj) -> bool:
    return staff(user) and user.has_perm("notices.publish_notice") and access.has_whole_province(user)


# Where a model departs from its permissions. Keys: an action, or "action:METHOD" for one method only. Custom pages
# not listed here are views (GET) and changes (POST) of their model.
RIGHTS: dict[str, dict[str, Rule]] = {
    "ingest.dailyreport": {
        "sheet:GET": lambda user, obj: staff(user) and access.can_view_reports(user),
        "sheet:POST": lambda user, obj: staff(user) and access.can_enter_reports(user),
    },
    "ingest.dailysheet": {  # a link to the sheet on the admin index, nothing of its own
        "view": lambda user, obj: staff(user) and access.can_view_reports(user) and obj is None,
        "add": nobody,
        "change": nobody,
        "delete": nobody,
    },
    "ingest.reportimport": {  # a record of an upload: never edited, confirmed from its own page
        "view": view_import,
        "add": may_upload,
        "change": nobody,
        "delete": nobody,
        "change_page": view_import,
        "template_xlsx": lambda user, obj: staff(user) and access.can_view_reports(user),
        "template_csv": lambda user, obj: staff(user) and access.can_view_reports(user),
        "commit": may_upload,
        "status": view_import,
        "errors": lambda user, obj: view_import(user, obj) and access.can_download_original(user),
        "file": lambda user, obj: view_import(user, obj) and access.can_download_original(user),
    },
    "ingest.declaredlevel": {
        "add": lambda user, obj: perm("add", "ingest.declaredlevel")(user, obj) and access.has_whole_province(user),
    },
    "ingest.missingreports": {  # the "Chưa báo cáo" line on the admin index: a link to the page, nothing else
        "view": lambda user, obj: staff(user) and access.can_view_reports(user) and obj is None,
    },
    "ingest.nonewcasesdeclaration": {  # filed from the sheet or the "Chưa báo cáo" page, withdrawn here
        "view": lambda user, obj: (
            staff(user) and access.can_view_reports(user) and (obj is None or access.area_in_scope(user, obj.district))
        ),
        "add": nobody,
        "change": nobody,
        "delete": lambda user, obj: (
            staff(user) and access.can_enter_reports(user) and (obj is None or access.area_in_scope(user, obj.district))
        ),
        "missing_reports": lambda user, obj: staff(user) and access.can_view_reports(user),
        "no_new_cases:GET": nobody,  # a form's target: POST only
        "no_new_cases:POST": lambda user, obj: staff(user) and access.can_enter_reports(user),
    },
    "ingest.correctionrequest": {  # filed by a clerk, decided by the approver's action; a decided one stays as is
        "view": lambda user, obj: (
            perm("view", "ingest.correctionrequest")(user, obj)
            and (obj is None or access.area_in_scope(user, obj.district))
        ),
        "change": nobody,
        "delete": nobody,
    },
    # Written by the alerts app only: a subscriber confirms by email, a delivery is the sending's record.
    "alerts.subscriber": {"add": nobody},
    "alerts.delivery": {"add": nobody},
    "risk.assessment": {"add": nobody, "change": nobody, "delete": nobody},  # computed
    "risk.publication": {  # frozen when published
        "add": nobody,
        "change": nobody,
        "delete": nobody,
        "review_index": publishes_levels,
        "review_date": publishes_levels,
    },
    "risk.ruleset": {"add": nobody, "delete": nobody, "change": superuser_only},  # comes with the code
    "notices.notice": {"publish": publishes_notices, "withdraw": publishes_notices},
    "auth.user": {"password_change": default_rule("auth.user", "change")},
    # Records of logins, written by django-axes only.
    "axes.accessattempt": {"add": nobody},
    "axes.accesslog": {"add": nobody},
    "axes.accessfailurelog": {"add": nobody},
}
# Whatever the model: with SIMPLE_HISTORY_REVERT_DISABLED nobody writes through a history page.
EVERY_MODEL: dict[str, Rule] = {"revert": nobody}


def right(label: str, action: str, method: str) -> Rule:
    table = {**EVERY_MODEL, **RIGHTS.get(label, {})}
    for key in (f"{action}:{method}", action):
        if key in table:
            return table[key]
    if action in ("view", "add", "change", "delete"):
        return default_rule(label, action)
    return right(label, "view" if method == "GET" else "change", method)


# ---------------------------------------------------------------------------------------------------------------
# The URLs, from the admin's registry and the URL resolver.


@dataclass
class Case:
    url: str
    label: str  # the model's app_label.model_name
    action: str  # GET's action; POST uses post_action
    post_action: str
    obj: object | None  # the record the page is about, None for list-level pages
    post_data: dict | None = None
    json: bool = False
    must_not_write: bool = False  # for actions: a changelist answers 200 whether or not it ran them
    methods: tuple[str, ...] = ("GET", "POST")

    def rule(self, method: str) -> Rule:
        return right(self.label, self.action if method == "GET" else self.post_action, method)


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def history_id(obj):
    manager = getattr(type(obj), getattr(obj._meta, "simple_history_manager_attribute", "history"), None)
    record = manager.filter(pk=obj.pk).order_by("-history_id").first() if manager is not None else None
    return record.history_id if record else None


def form_data(model_admin, obj, request) -> dict:
    """Return what the superuser's change form of obj would post (so that a permitted POST would save)."""
    try:
        form = model_admin.get_form(request, obj, change=True)(instance=obj)
    except Exception:  # a form that needs more than a record: post nothing, the refusal still counts
        return {}
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = bound.field.widget.format_value(bound.field.prepare_value(value)) or ""
    return data


def admin_cases(samples: dict, superuser) -> list[Case]:
    request = RequestFactory().get("/admin/")
    request.user = superuser
    cases = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        label = f"{meta.app_label}.{meta.model_name}"
        prefix = f"{meta.app_label}_{meta.model_name}_"
        obj = samples.get(model) or model._default_manager.order_by("pk").first()
        data = form_data(model_admin, obj, request) if obj is not None else {}
        for route, pattern in walk(model_admin.get_urls()):
            name = pattern.name
            if name is None:
                continue  # the bare <object_id>/ redirect to the change page
            action = name[len(prefix) :] if name.startswith(prefix) else name.removeprefix(f"{meta.app_label}_")
            params = list(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else []
            positional = re.compile(pattern.pattern.regex.pattern).groups if not params else 0
            needs_object = bool(params) or positional > 0
            if needs_object and obj is None:
                continue  # no record of this model to aim at
            kwargs, args = {}, []
            for param in params:
                if param in ("object_id", "pk", "id"):
                    kwargs[param] = obj.pk
                elif param == "day":
                    kwargs[param] = D.isoformat()
                else:
                    raise AssertionError(f"the matrix does not know how to fill <{param}> of {route} ({name})")
            if positional:
                version = history_id(obj)
                if version is None:
                    continue
                args = [obj.pk, version][:positional]
            url = reverse(f"admin:{name}", args=args or None, kwargs=kwargs or None)
            target = obj if needs_object else None
            if action == "changelist":
                cases.append(Case(url, label, "view", "view", None, {}))
            elif action == "add":
                cases.append(Case(url, label, "add", "add", None, data))
            elif action == "change":
                get_action = "change_page" if "change_page" in RIGHTS.get(label, {}) else "view"
                post_action = "change_page" if get_action == "change_page" else "change"
                cases.append(Case(url, label, get_action, post_action, target, data))
            elif action == "delete":
                cases.append(Case(url, label, "delete", "delete", target, {"post": "yes"}))
            elif action == "history":
                cases.append(Case(url, label, "view", "view", target, {}))
            elif action == "simple_history":
                # Revert is disabled (SIMPLE_HISTORY_REVERT_DISABLED): nobody may write through a history page.
                cases.append(Case(url, label, "view", "revert", target, data))
            else:
                cases.append(Case(url, label, action, action, target, {"reason": "Thử quyền."}))
        if obj is not None:
            changelist = reverse(f"admin:{prefix}changelist")
            for name, (function, _name, _description) in model_admin.get_actions(request).items():
                needed = getattr(function, "allowed_permissions", ())
                cases.append(
                    Case(
                        changelist,
                        label,
                        f"action {name}",
                        "|".join(needed) or "change",
                        obj,
                        {
                            "action": name,
                            helpers.ACTION_CHECKBOX_NAME: [str(obj.pk)],
                            "index": "0",
                            "post": "yes",
                            "confirm": "1",
                            "reason": "Thử quyền.",
                        },
                        must_not_write=True,
                        methods=("POST",),
                    )
                )
        for field_name in model_admin.get_autocomplete_fields(request):
            remote = meta.get_field(field_name).remote_field.model._meta
            url = (
                reverse("admin:autocomplete") + f"?app_label={meta.app_label}&model_name={meta.model_name}"
                f"&field_name={field_name}&term=a"
            )
            cases.append(Case(url, f"{remote.app_label}.{remote.model_name}", "view", "view", None, {}))
    return cases


# The staff API: each URL names the model it serves. A new staff API URL fails the test until it has a line here.
STAFF_API = {"api_reports": "ingest.dailyreport"}


def api_cases(samples: dict) -> list[Case]:
    cases = []
    for route, pattern in walk(get_resolver().url_patterns):
        if not route.startswith("staff-api/"):
            continue
        assert pattern.name in STAFF_API, f"the staff API URL {route} has no line in STAFF_API"
        label = STAFF_API[pattern.name]
        obj = samples[apps.get_model(label)]
        url = "/" + route + f"?date={D.isoformat()}&district={OTHER_DISTRICT}"
        from tests.ingest.files import row

        body = {"date": D.isoformat(), "reports": [row(code=OTHER_COMMUNE, date=None, community_f1=77)]}
        cases.append(Case(url, label, "view", "change", obj, body, json=True))
    return cases


# ---------------------------------------------------------------------------------------------------------------
# Writes: the database's own counter, and a fingerprint of every table.


def write_count() -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
                "WHERE relname <> 'django_session'"
            )
            return int(cursor.fetchone()[0])
    connection.ensure_connection()
    return connection.connection.total_changes


def fingerprint_sql() -> str:
    quote = connection.ops.quote_name
    parts = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table == "django_session":
            continue
        # As text: a table keyed by text (the rate counter) and one keyed by number share the UNION's column.
        highest = f"CAST(MAX({quote(meta.pk.column)}) AS TEXT)"
        parts.append(f"SELECT '{meta.db_table}', COUNT(*), {highest} FROM {quote(meta.db_table)}")
    return " UNION ALL ".join(parts)


def fingerprint(sql: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted((str(name), int(count), str(top)) for name, count, top in cursor.fetchall())


class Rollback(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------------
# The world: one record of each kind, those with an area in another district than the district clerk's.


@pytest.fixture
def world(langson, area, data_clerk, district_clerk, approver, editor, django_user_model, system):
    from ingest.models import AreaFlag, DailyReport, DeclaredLevel, ReportImport
    from ingest.services.flags import save_area_flag, save_declared_level
    from ingest.services.imports import preview_import, receive_upload
    from ingest.services.quality import decide_correction, request_correction
    from ingest.services.reports import save_report
    from notices import services as notices
    from notices.models import Measure, Notice, PublicText
    from risk import selectors
    from risk.models import Assessment, Override, Publication
    from risk.services.overrides import set_override
    from risk.services.publication import publish_levels
    from risk.services.recompute import recompute
    from tests.ingest.files import csv_bytes, row

    other = area(OTHER_COMMUNE)
    superuser = django_user_model.objects.create_superuser("quantri", password="a-long-test-password")
    report = save_report(report=DailyReport(area=other, date=D, community_f1=1), user=system)
    flag = save_area_flag(flag=AreaFlag(area=other, flag=AreaFlag.Flag.ILLEGAL_ENTRY_RISK, start=D, end=D), user=system)
    declared = save_declared_level(
        declared=DeclaredLevel(area=area("24"), level=4, start=D, end=D, reference="Thông báo 1/TB-BCĐ"), user=system
    )
    upload = receive_upload(
        name="so-lieu.csv", content=csv_bytes([row(code=OTHER_COMMUNE, community_f1=2)]), user=data_clerk
    )
    preview_import(report_import=upload)
    recompute(dates=[D])
    publication = publish_levels(
        data_date=D,
        effective_at=selectors.start_of(D + datetime.timedelta(days=1)),
        user=approver,
        confirm_incomplete=True,
    )
    # Publishing locked D: the clerks' correction of the other district is granted, so that D stays open to those
    # who may change it and the table's rights are what the matrix sees.
    correction = request_correction(user=data_clerk, district=other.parent, day=D, reason="Sửa số liệu thử quyền")
    decide_correction(user=approver, correction=correction, grant=True)
    override = set_override(
        area=other, level=3, start=D, end=D, reason="Thử", body="UBND tỉnh", decision_number="1/QĐ", user=approver
    )
    notice = notices.create_notice(title="Thông báo thử quyền", body="Nội dung.", author=editor)
    measure = notices.save_measure(measure=Measure.objects.order_by("pk").first(), user=system)
    text = notices.save_public_text(text=PublicText.objects.order_by("pk").first(), user=system)
    samples = {
        DailyReport: report,
        AreaFlag: flag,
        DeclaredLevel: declared,
        ReportImport: upload,
        Assessment: Assessment.objects.get(area=other, date=D),
        Publication: publication,
        Override: override,
        Notice: notice,
        Measure: measure,
        PublicText: text,
    }
    from ingest.models import DailySheet

    samples[DailySheet] = DailySheet.objects.get(pk=report.pk)
    samples[type(other)] = other  # a commune: a small boundary on the change form
    personas = {
        "anonymous": None,
        "province_clerk": data_clerk,
        "district_clerk": district_clerk,
        "approver": approver,
        "editor": editor,
        "superuser": superuser,
    }
    return samples, personas


def refused(response) -> bool:
    if response.status_code in (400, 401, 403, 404):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return location.startswith(reverse("admin:login")) or location == reverse("admin:index")
    return False


def permitted(response) -> bool:
    return response.status_code in (200, 201, 204) or (response.status_code == 302 and not refused(response))


def request(client, case: Case, method: str):
    if method == "GET":
        return client.get(case.url)
    if case.json:
        return client.post(case.url, json.dumps(case.post_data), content_type="application/json")
    return client.post(case.url, case.post_data or {})


def test_it_rejects_every_request_the_rights_table_refuses_and_writes_nothing(client, world):
    samples, personas = world
    superuser = personas["superuser"]
    cases = admin_cases(samples, superuser) + api_cases(samples)
    labels = {case.label for case in cases}
    for model in admin.site._registry:
        assert f"{model._meta.app_label}.{model._meta.model_name}" in labels, f"{model} has no URL in the matrix"
    sql = fingerprint_sql()
    problems = []
    for persona in PERSONAS:
        user = personas[persona]
        client.logout()
        if user is not None:
            client.force_login(user)
        subject = user if user is not None else _anonymous()
        baseline = fingerprint(sql)  # after the login, which axes records
        for case in cases:
            for method in case.methods:
                rule = case.rule(method)
                obj = _fresh(case.obj)
                expected = bool(rule(subject, obj))
                try:
                    with transaction.atomic():
                        before = write_count()
                        response = request(client, case, method)
                        _close(response)
                        wrote = write_count() != before
                        changed = method == "POST" and not expected and fingerprint(sql) != baseline
                        raise Rollback
                except Rollback:
                    pass
                what = f"{persona} {method} {case.url} [{case.label} {case.action if method == 'GET' else case.post_action}]"
                if not expected and (wrote or changed):
                    how = "rows written" if wrote else "tables changed"
                    problems.append(f"{what}: refused but WROTE to the database ({how}, {response.status_code})")
                if case.must_not_write and method == "POST":
                    continue
                if response.status_code == 405:
                    continue  # the page does not take this method at all
                if expected and not permitted(response):
                    problems.append(f"{what}: should be allowed, got {response.status_code} {_where(response)}")
                elif not expected and not refused(response):
                    problems.append(f"{what}: should be refused, got {response.status_code} {_where(response)}")
    total = sum(len(case.methods) for case in cases) * len(PERSONAS)
    assert not problems, f"{len(problems)} of {total} requests:\n" + "\n".join(problems)


def test_it_guards_the_history_pages_of_every_model_with_history():
    from simple_history.admin import SimpleHistoryAdmin

    from ingest.history_admin import GuardedHistoryAdmin

    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert isinstance(model_admin, GuardedHistoryAdmin), f"{model}'s history pages are not guarded"


def _close(response) -> None:
    """Close a download's file without closing the database connection (as the test client does)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _fresh(obj):
    """The rules judge the record as stored (not as a request may have left it in memory)."""
    if obj is None:
        return None
    return type(obj)._default_manager.get(pk=obj.pk)


def _where(response) -> str:
    return response.get("Location", "") if response.status_code == 302 else ""
