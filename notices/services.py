"""Writes for notices, measures and public texts. Every change goes through here, so every change is checked."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from areas.models import Area
from areas.text import fold
from ingest.access import require, system_user
from risk.models import Publication

from . import level_changes
from .markup import render_markdown
from .models import HealthStation, LoudspeakerText, Measure, Notice, PublicText

PUBLISH_PERMISSION = "notices.publish_notice"
SLUG_MAX = 100


def can_publish(user: AbstractBaseUser | None) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user: AbstractBaseUser | None) -> None:
    if not can_publish(user):
        raise PermissionDenied(_("Bạn không có quyền đăng hoặc thu hồi thông báo."))
    require(user, PUBLISH_PERMISSION, whole_province=True)


def _require(user, action: str, model) -> None:
    """What the public reads is the province's: only staff working for the whole province write it."""
    meta = model._meta
    require(user, f"{meta.app_label}.{action}_{meta.model_name}", whole_province=True)


def _record(instance, user: AbstractBaseUser | None) -> None:
    # Outside a request (commands, tasks) simple_history learns the user from the instance.
    if user is not None:
        instance._history_user = user


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """Return a free slug made from title, without diacritics ("Thông báo số 5" -> "thong-bao-so-5")."""
    base = slugify(fold(title))[:SLUG_MAX].strip("-") or "thong-bao"
    taken = set(Notice.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _clean_levels(levels: Iterable) -> list[int]:
    try:
        values = sorted({int(level) for level in levels})
    except (TypeError, ValueError):
        raise ValidationError({"levels": _("Cấp độ phải là số từ 1 đến 4.")})
    if any(level not in (1, 2, 3, 4) for level in values):
        raise ValidationError({"levels": _("Cấp độ phải là số từ 1 đến 4.")})
    return values


def check_notice(*, notice: Notice) -> None:
    """Raise ValidationError, field by field, unless notice may be saved as it is."""
    errors = {}
    if not notice.title.strip():
        errors["title"] = _("Thông báo phải có tiêu đề.")
    if notice.publish_at and notice.expires_at and notice.expires_at <= notice.publish_at:
        errors["expires_at"] = _("Thời điểm hết hạn phải sau thời điểm đăng.")
    if notice.status != Notice.Status.DRAFT and notice.publish_at is None:
        errors["publish_at"] = _("Thông báo đã đăng hoặc hẹn giờ phải có thời điểm đăng.")
    if notice.slug and Notice.objects.filter(slug=notice.slug).exclude(pk=notice.pk).exists():
        errors["slug"] = _("Đường dẫn này đã được thông báo khác dùng.")
    if errors:
        raise ValidationError(errors)


def _prepare(notice: Notice) -> None:
    notice.levels = _clean_levels(notice.levels or [])
    if not notice.slug:
        notice.slug = unique_slug(notice.title, exclude_pk=notice.pk)
    check_notice(notice=notice)
    notice.body_html = render_markdown(notice.body)


@transaction.atomic
def create_notice(
    *,
    title: str,
    body: str,
    author: AbstractBaseUser | None,
    summary: str = "",
    areas: Iterable[Area] = (),
    levels: Iterable[int] = (),
    pinned: bool = False,
    publish_at: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
    source_publication: Publication | None = None,
) -> Notice:
    """Create a draft notice; it becomes public only through publish_notice.

    author None: the system drafts it (a level change), unsigned; the history names the system account.
    """
    actor = author if author is not None else system_user()
    _require(actor, "add", Notice)
    notice = Notice(
        title=title,
        summary=summary,
        body=body,
        levels=list(levels),
        pinned=pinned,
        publish_at=publish_at,
        expires_at=expires_at,
        author=author,
        editor=author,
        source_publication=source_publication,
    )
    _prepare(notice)
    _record(notice, actor)
    notice.save()
    notice.areas.set(areas)
    return notice


@transaction.atomic
def save_notice(*, notice: Notice, user: AbstractBaseUser) -> Notice:
    """Save an editor's changes to notice (new or existing), re-rendering its body; its areas are set apart."""
    _require(user, "change" if notice.pk else "add", Notice)
    stored = Notice.objects.filter(pk=notice.pk).values_list("status", flat=True).first() if notice.pk else None
    if stored is not None and stored != Notice.Status.DRAFT:
        _require_publisher(user)
    if notice.pk and notice.status != Notice.Status.DRAFT:
        # Changing a public (or scheduled) notice changes what the public reads: a publisher's act.
        _require_publisher(user)
    if notice.status in (Notice.Status.SCHEDULED, Notice.Status.PUBLISHED) and notice.publish_at:
        notice.status = Notice.Status.SCHEDULED if notice.publish_at > timezone.now() else Notice.Status.PUBLISHED
    if notice.pk is None:
        notice.author = user
    notice.editor = user
    _prepare(notice)
    _record(notice, user)
    notice.save()
    return notice


@transaction.atomic
def publish_notice(*, notice: Notice, user: AbstractBaseUser) -> Notice:
    """Publish notice now, or schedule it when its publish time is in the future."""
    _require_publisher(user)
    if notice.status == Notice.Status.WITHDRAWN:
        raise ValidationError(_("Thông báo đã thu hồi không thể đăng lại; hãy tạo thông báo mới."))
    if notice.status == Notice.Status.PUBLISHED:
        raise ValidationError(_("Thông báo này đã được đăng."))
    if not notice.body.strip():
        raise ValidationError({"body": _("Thông báo chưa có nội dung.")})
    now = timezone.now()
    notice.publish_at = notice.publish_at or now
    notice.status = Notice.Status.SCHEDULED if notice.publish_at > now else Notice.Status.PUBLISHED
    notice.editor = user
    _prepare(notice)
    _record(notice, user)
    notice.save()
    return notice


@transaction.atomic
def unschedule_notice(*, notice: Notice, user: AbstractBaseUser) -> Notice:
    """Take a scheduled notice back to draft before its publish time."""
    _require_publisher(user)
    if notice.status != Notice.Status.SCHEDULED or notice.is_public():
        raise ValidationError(_("Chỉ hủy được hẹn giờ của thông báo chưa đến giờ đăng."))
    notice.status = Notice.Status.DRAFT
    notice.editor = user
    _record(notice, user)
    notice.save()
    return notice


@transaction.atomic
def withdraw_notice(*, notice: Notice, user: AbstractBaseUser, reason: str) -> Notice:
    """Withdraw a public notice: its page stays, marked withdrawn with the reason."""
    _require_publisher(user)
    if not reason.strip():
        raise ValidationError({"withdrawal_reason": _("Hãy ghi lý do thu hồi: người đọc cần biết vì sao.")})
    if notice.status == Notice.Status.WITHDRAWN:
        raise ValidationError(_("Thông báo này đã bị thu hồi."))
    if not notice.is_public():
        raise ValidationError(_("Thông báo chưa đăng: hãy sửa bản nháp hoặc hủy hẹn giờ thay vì thu hồi."))
    notice.status = Notice.Status.WITHDRAWN
    notice.withdrawn_at = timezone.now()
    notice.withdrawal_reason = reason.strip()
    notice.editor = user
    _record(notice, user)
    notice.save()
    return notice


@transaction.atomic
def prepare_level_change_notice(*, publication: Publication) -> Notice | None:
    """Draft a notice announcing the level changes of publication, for the editors; None when nothing changed."""
    existing = Notice.objects.filter(source_publication=publication).order_by("pk").first()
    if existing is not None:
        return existing
    changes = level_changes.level_changes(publication)
    if not changes:
        return None
    title, summary, body = level_changes.compose(publication, changes)
    return create_notice(
        title=title,
        summary=summary,
        body=body,
        author=None,
        areas=[change.area for change in changes],
        levels=sorted({change.after for change in changes}),
        source_publication=publication,
    )


# Versioned texts: a new version closes the one it replaces, so that one version is in force on any date.


def _day(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def check_measure_version(*, measure: Measure, replaces: Measure | None) -> None:
    """Raise ValidationError unless measure may be saved (as a new version of `replaces`, if given)."""
    measure.full_clean()
    if replaces is not None and measure.valid_from <= replaces.valid_from:
        raise ValidationError(
            {
                "valid_from": _("Phiên bản mới phải có hiệu lực sau ngày %(date)s của phiên bản cũ.")
                % {"date": _day(replaces.valid_from)}
            }
        )


@transaction.atomic
def save_measure(*, measure: Measure, user: AbstractBaseUser | None, replaces: Measure | None = None) -> Measure:
    """Save measure; as a new version of `replaces`, end `replaces` the day before measure takes effect."""
    _require(user, "change" if measure.pk else "add", Measure)
    if replaces is not None:
        _require(user, "change", Measure)
    check_measure_version(measure=measure, replaces=replaces)
    if replaces is not None:
        replaces.valid_to = measure.valid_from - datetime.timedelta(days=1)
        _record(replaces, user)
        replaces.save(update_fields=["valid_to"])
    _record(measure, user)
    measure.save()
    return measure


def _following_version(text: PublicText) -> PublicText | None:
    others = PublicText.objects.filter(key=text.key).exclude(pk=text.pk)
    return others.filter(valid_from__gt=text.valid_from).order_by("valid_from").first()


def check_public_text_version(*, text: PublicText) -> None:
    """Raise ValidationError unless text fits among the versions of its key."""
    text.full_clean()
    following = _following_version(text)
    if following is not None and text.valid_to is not None and text.valid_to >= following.valid_from:
        raise ValidationError(
            {
                "valid_to": _(
                    "Đã có phiên bản có hiệu lực từ ngày %(date)s: phiên bản này phải hết hiệu lực trước ngày đó."
                )
                % {"date": _day(following.valid_from)}
            }
        )


@transaction.atomic
def save_public_text(*, text: PublicText, user: AbstractBaseUser | None) -> PublicText:
    """Save a version of a public text, ending the version before it the day before it takes effect."""
    _require(user, "change" if text.pk else "add", PublicText)
    text.updated_by = user
    check_public_text_version(text=text)
    following = _following_version(text)
    if following is not None and text.valid_to is None:
        text.valid_to = following.valid_from - datetime.timedelta(days=1)
    preceding = (
        PublicText.objects.filter(key=text.key, valid_from__lt=text.valid_from)
        .exclude(pk=text.pk)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=text.valid_from))
    )
    for version in preceding:
        _require(user, "change", PublicText)
        version.valid_to = text.valid_from - datetime.timedelta(days=1)
        _record(version, user)
        version.save(update_fields=["valid_to"])
    _record(text, user)
    text.save()
    return text


@transaction.atomic
def delete_records(*, records: Iterable[Notice | Measure | PublicText], user: AbstractBaseUser) -> int:
    """Delete notices (drafts only: a notice once public is withdrawn), measures or public texts, with history."""
    count = 0
    for record in records:
        _require(user, "delete", type(record))
        if isinstance(record, Notice):
            status = Notice.objects.filter(pk=record.pk).values_list("status", flat=True).first()
            if status != Notice.Status.DRAFT:
                raise PermissionDenied(_("Thông báo đã đăng không xoá được: hãy thu hồi."))
        _record(record, user)
        record.delete()
        count += 1
    return count


def save_health_station(*, station: HealthStation, user: AbstractBaseUser | None) -> HealthStation:
    """Save the number residents of an area call; only editors of public information may."""
    permission = "notices.change_healthstation" if station.pk else "notices.add_healthstation"
    if user is None or not user.is_active or not user.has_perm(permission):
        raise PermissionDenied(_("Chỉ biên tập viên mới sửa được số điện thoại của cơ sở y tế."))
    station.full_clean()
    station.updated_by = user
    station.save()
    return station


def save_loudspeaker_text(*, text: LoudspeakerText, user) -> LoudspeakerText:
    """Save a version of a level's loudspeaker template, ending the version in force before it takes effect."""
    if user is None or not user.has_perm(
        "notices.change_loudspeakertext" if text.pk else "notices.add_loudspeakertext"
    ):
        raise PermissionDenied(_("Chỉ biên tập viên Sở Thông tin và Truyền thông được sửa bài phát thanh."))
    text.updated_by = user
    text.full_clean()
    with transaction.atomic():
        earlier = (
            LoudspeakerText.objects.filter(level=text.level, valid_from__lt=text.valid_from)
            .exclude(pk=text.pk)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=text.valid_from))
        )
        for version in earlier:
            version.valid_to = text.valid_from - datetime.timedelta(days=1)
            version.save(update_fields=["valid_to"])
        text.save()
    return text
