"""Demo step: a few notices in every state, all clearly marked as illustrations with made-up content."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from areas.models import Area
from ingest.groups import EDITORIAL

from . import services
from .models import Notice

DEMO_PREFIX = "[Minh hoạ] "
DEMO_NOTE = (
    "> **Thông báo minh hoạ** của bản trình diễn: nội dung giả định, không phải thông báo thật của tỉnh Lạng Sơn.\n\n"
)


def _editor():
    # The account demo_admin later gives a password to; created here so the demo notices have an author.
    user, created = get_user_model().objects.get_or_create(username="bientap", defaults={"is_staff": True})
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=EDITORIAL))
    return user


def _notice(editor, title, summary, body, *, areas=(), levels=(), pinned=False, publish_at=None, expires_at=None):
    return services.create_notice(
        title=DEMO_PREFIX + title,
        summary=summary,
        body=DEMO_NOTE + body,
        author=editor,
        areas=areas,
        levels=levels,
        pinned=pinned,
        publish_at=publish_at,
        expires_at=expires_at,
    )


def load() -> str:
    Notice.objects.filter(title__startswith=DEMO_PREFIX).delete()
    editor = _editor()
    now = timezone.now()
    province = Area.objects.filter(code="20").first()
    city = Area.objects.filter(code="178").first()
    huu_lung = Area.objects.filter(code="186").first()
    everywhere = [province] if province else []

    guide = _notice(
        editor,
        "Cách đọc bản đồ mức độ nguy cơ COVID-19 của tỉnh",
        "Bản đồ cho biết cấp độ nguy cơ của từng xã, huyện và các biện pháp phải thực hiện.",
        "Chọn xã, phường nơi bạn ở trên bản đồ để xem **mức độ nguy cơ**, lý do và các **biện pháp bắt buộc**.\n\n"
        "- Cấp độ được cập nhật lúc 8 giờ, 13 giờ và 20 giờ hằng ngày.\n"
        "- Các biện pháp được cộng dồn: cấp cao áp dụng cả biện pháp của các cấp thấp hơn.\n",
        areas=everywhere,
        levels=[1, 2, 3, 4],
        pinned=True,
        publish_at=now - datetime.timedelta(days=2),
    )
    karaoke = _notice(
        editor,
        "Tạm dừng karaoke, quán bar, mát xa tại Thành phố Lạng Sơn",
        "Các cơ sở karaoke, quán bar, mát xa trên địa bàn thành phố tạm dừng hoạt động trong 14 ngày.",
        "Thực hiện biện pháp bắt buộc của **cấp độ 2 – Nguy cơ** (Quyết định 2686/QĐ-BCĐQG, Phần IV, mục 2):\n\n"
        "1. Tạm dừng hoạt động vũ trường, karaoke, quán bar, mát xa.\n"
        "2. Hạn chế tập trung đông người; đám cưới, đám tang có cơ quan y tế giám sát.\n",
        areas=[city] if city else everywhere,
        levels=[2],
        publish_at=now - datetime.timedelta(days=1),
        expires_at=now + datetime.timedelta(days=13),
    )
    scheduled = _notice(
        editor,
        "Lịch khai báo y tế toàn dân tại huyện Hữu Lũng",
        "Người dân huyện Hữu Lũng khai báo y tế theo lịch của xã, thị trấn.",
        "Mọi người dân trên địa bàn thực hiện **khai báo y tế** trên trang tokhaiyte.vn hoặc tại trạm y tế xã.\n",
        areas=[huu_lung] if huu_lung else everywhere,
        levels=[3],
        publish_at=now + datetime.timedelta(hours=6),
    )
    withdrawn = _notice(
        editor,
        "Phong toả tạm thời một khu dân cư",
        "Thông báo đăng nhầm địa bàn.",
        "Nội dung thông báo đã đăng nhầm.\n",
        areas=everywhere,
        publish_at=now - datetime.timedelta(days=3),
    )
    _notice(
        editor,
        "Bản nháp: hướng dẫn tiêm chủng mũi 2",
        "Bản nháp đang soạn, chưa công khai.",
        "Nội dung đang soạn.\n",
        areas=everywhere,
    )
    for notice in (guide, karaoke, scheduled, withdrawn):
        services.publish_notice(notice=notice, user=editor)
    services.withdraw_notice(
        notice=withdrawn, user=editor, reason="Đăng nhầm địa bàn; không có khu dân cư nào bị phong toả."
    )
    return f"{Notice.objects.filter(title__startswith=DEMO_PREFIX).count()} demo notices (one pinned, one scheduled, one withdrawn, one draft)"
