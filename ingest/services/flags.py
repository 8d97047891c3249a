"""Write analyst flags and the declared levels of external areas, with history; recompute the dates they cover."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Area

from ..access import area_in_scope, is_scoped, require, require_model
from ..models import AreaFlag, DeclaredLevel
from .recompute import days_between, recompute_after_commit

Flag = AreaFlag.Flag


def _author(user):
    return user if user is not None and user.is_authenticated else None


def _range_errors(start, end) -> dict[str, str]:
    if start and end and start > end:
        return {"end": _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")}
    return {}


def _overlapping(queryset, start, end, exclude_pk):
    return queryset.filter(start__lte=end, end__gte=start).exclude(pk=exclude_pk).first()


def validate_area_flag(*, flag: AreaFlag, user) -> None:
    """Raise ValidationError (by field) if flag does not fit its area, its value or an existing flag."""
    errors = _range_errors(flag.start, flag.end)
    area: Area | None = flag.area if flag.area_id else None
    if area is not None:
        allowed = {
            Area.Kind.COMMUNE: AreaFlag.COMMUNE_FLAGS,
            Area.Kind.DISTRICT: AreaFlag.DISTRICT_FLAGS,
            Area.Kind.PROVINCE: AreaFlag.PROVINCE_FLAGS,
        }[area.kind]
        if area.external:
            errors["area"] = _("Yếu tố đánh giá chỉ đặt cho đơn vị trong tỉnh.")
        elif user is not None and not area_in_scope(user, area):
            errors["area"] = _("Bạn không phụ trách %(area)s.") % {"area": area.name}
        elif flag.flag and flag.flag not in allowed:
            errors["flag"] = _("Yếu tố “%(flag)s” không dùng cho cấp %(kind)s.") % {
                "flag": flag.get_flag_display(),
                "kind": area.get_kind_display().lower(),
            }
    if flag.flag == Flag.FAST_SPREAD_SHARE:
        if flag.value is None:
            errors["value"] = _("Tỷ lệ lây lan nhanh cần một giá trị từ 0 đến 1 (ví dụ 0,3 cho 30%).")
        elif not 0 <= flag.value <= 1:
            errors["value"] = _("Giá trị phải từ 0 đến 1.")
    elif flag.value is not None:
        errors["value"] = _("Chỉ yếu tố “tỷ lệ lây lan nhanh” có giá trị; hãy để trống.")
    if area is not None and flag.flag and flag.start and flag.end and not errors:
        other = _overlapping(AreaFlag.objects.filter(area=area, flag=flag.flag), flag.start, flag.end, flag.pk)
        if other:
            errors["start"] = _("%(area)s đã có yếu tố này từ %(start)s đến %(end)s: hãy sửa bản ghi đó.") % {
                "area": area.name,
                "start": f"{other.start:%d/%m/%Y}",
                "end": f"{other.end:%d/%m/%Y}",
            }
    if errors:
        raise ValidationError(errors)


def _old_days(model, pk) -> set:
    old = model.objects.filter(pk=pk).values_list("start", "end").first() if pk else None
    return days_between(*old) if old else set()


def save_area_flag(*, flag: AreaFlag, user) -> AreaFlag:
    """Check and save flag with its history; recompute the dates of its old and new ranges."""
    stored = AreaFlag.objects.select_related("area").filter(pk=flag.pk).first() if flag.pk else None
    require_model(user, "change" if stored else "add", AreaFlag)
    if stored is not None:
        require(user, area=stored.area)
    validate_area_flag(flag=flag, user=user)
    flag.set_by = flag._history_user = _author(user)
    with transaction.atomic():
        days = _old_days(AreaFlag, flag.pk) | days_between(flag.start, flag.end)
        flag.save()
        recompute_after_commit(days)
    return flag


def validate_declared_level(*, declared: DeclaredLevel, user) -> None:
    """Raise ValidationError (by field) unless declared is a level of an external area that overlaps no other."""
    errors = _range_errors(declared.start, declared.end)
    if user is not None and is_scoped(user):
        errors["area"] = _("Cấp độ của đơn vị ngoài tỉnh do cán bộ cấp tỉnh nhập.")
    elif declared.area_id and not declared.area.external:
        errors["area"] = _("Chỉ nhập cấp độ công bố cho đơn vị ngoài tỉnh; cấp độ trong tỉnh được tính từ số liệu.")
    if declared.level is not None and not 1 <= declared.level <= 4:
        errors["level"] = _("Cấp độ từ 1 đến 4.")
    if not (declared.reference or "").strip():
        errors["reference"] = _("Hãy ghi văn bản công bố (số, ngày, cơ quan).")
    if declared.area_id and declared.start and declared.end and not errors:
        other = _overlapping(
            DeclaredLevel.objects.filter(area=declared.area), declared.start, declared.end, declared.pk
        )
        if other:
            errors["start"] = _(
                "%(area)s đã có cấp độ %(level)d từ %(start)s đến %(end)s: hãy cho bản ghi đó kết thúc trước."
            ) % {
                "area": declared.area.name,
                "level": other.level,
                "start": f"{other.start:%d/%m/%Y}",
                "end": f"{other.end:%d/%m/%Y}",
            }
    if errors:
        raise ValidationError(errors)


def save_declared_level(*, declared: DeclaredLevel, user) -> DeclaredLevel:
    """Check and save a declared level with its history; recompute the dates of its old and new ranges."""
    # External areas belong to no district: their levels are the province's to record.
    require_model(user, "change" if declared.pk else "add", DeclaredLevel, whole_province=True)
    validate_declared_level(declared=declared, user=user)
    declared.entered_by = declared._history_user = _author(user)
    with transaction.atomic():
        days = _old_days(DeclaredLevel, declared.pk) | days_between(declared.start, declared.end)
        declared.save()
        recompute_after_commit(days)
    return declared


def delete_ranged(*, records, user) -> int:
    """Delete flags or declared levels one by one (each keeps a history record); recompute their dates."""
    days, count = set(), 0
    with transaction.atomic():
        for record in records:
            model = type(record)
            stored = model.objects.select_related("area").get(pk=record.pk)
            if model is DeclaredLevel:
                require_model(user, "delete", model, whole_province=True)
            else:
                require_model(user, "delete", model, area=stored.area)
            record._history_user = _author(user)
            days |= days_between(record.start, record.end)
            record.delete()
            count += 1
        recompute_after_commit(days)
    return count
