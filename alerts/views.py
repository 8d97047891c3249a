"""Subscription pages: ask (/dang-ky/), confirm (a button, so that a link scanner confirms nothing), unsubscribe."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import get_usage

from areas.models import Area
from public.views.common import render_page

from . import services
from .tokens import read_unsubscribe


def _render(request, template, context, status=200):
    response = render_page(request, template, context, day=None, status=status)
    add_never_cache_headers(response)
    return response


def _choices():
    today = timezone.localdate()
    areas = Area.objects.valid_on(today).filter(external=False).defer("geometry", "display_geometry", "point")
    districts = sorted((a for a in areas if a.kind == Area.Kind.DISTRICT), key=lambda a: a.name)
    communes = [a for a in areas if a.kind == Area.Kind.COMMUNE]
    province = next((a for a in areas if a.kind == Area.Kind.PROVINCE), None)
    groups = [(d, sorted((c for c in communes if c.parent_id == d.pk), key=lambda c: c.name)) for d in districts]
    return province, groups


def _client_over_limit(request) -> bool:
    try:
        usage = get_usage(
            request, group="alerts-subscribe", key="ip", rate=settings.ALERTS_CLIENT_RATE, method="POST", increment=True
        )
    except Exception:  # the counter lives in the cache; the per-address limit also needs it, log and serve
        return False
    return bool(usage and usage["should_limit"])


def subscribe(request):
    province, groups = _choices()
    chosen = request.POST.getlist("khu-vuc") if request.method == "POST" else request.GET.getlist("khu-vuc")
    context = {
        "province": province,
        "groups": groups,
        "chosen": set(chosen),
        "email": request.POST.get("email", "")[:254],
    }
    if request.method == "POST":
        if _client_over_limit(request):
            context["errors"] = [_("Bạn đã gửi quá nhiều yêu cầu. Hãy thử lại sau một giờ.")]
            return _render(request, "alerts/subscribe.html", context, status=429)
        try:
            services.request_subscription(
                email=context["email"], area_codes=chosen, language=translation.get_language()
            )
        except ValidationError as exc:
            context["errors"] = exc.messages
            return _render(request, "alerts/subscribe.html", context, status=400)
        # The same answer for every address: whether it is known says nothing to whoever typed it.
        return _render(request, "alerts/sent.html", {})
    return _render(request, "alerts/subscribe.html", context)


def confirm(request, token):
    try:
        pending = services.read_confirmation(token)
        areas = services.subscribable_areas(pending["a"])
    except ValidationError as exc:
        return _render(request, "alerts/problem.html", {"errors": exc.messages}, status=400)
    if request.method == "POST":
        services.confirm_subscription(token=token)
        return _render(request, "alerts/confirmed.html", {"areas": areas})
    return _render(request, "alerts/confirm.html", {"areas": areas, "email": pending["e"]})


@csrf_exempt  # RFC 8058: the mail client posts "List-Unsubscribe=One-Click" with no page, no cookie.
def unsubscribe(request, token):
    try:
        email = read_unsubscribe(token)
    except ValidationError as exc:
        return _render(request, "alerts/problem.html", {"errors": exc.messages}, status=400)
    if request.method == "POST":
        services.unsubscribe(token=token)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Đã huỷ đăng ký."), content_type="text/plain; charset=utf-8")
        return _render(request, "alerts/unsubscribed.html", {})
    return _render(request, "alerts/unsubscribe.html", {"email": email})
