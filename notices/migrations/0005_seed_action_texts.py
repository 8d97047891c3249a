"""The action card's texts (what to do now at each level, what changes if it rises, arrivals from very-high-risk
areas), the editors' right to keep each area's health station, and tap-to-call hotlines."""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations

VALID_FROM = datetime.date(2021, 5, 31)
EDITORIAL = "Sở TT&TT – biên tập"
STATION_PERMISSIONS = ["add_healthstation", "change_healthstation", "delete_healthstation", "view_healthstation"]

# (key, title_vi, body_vi, title_en, body_en)
TEXTS = [
    ("actions_level_1", "Việc cần làm ngay",
     "- Thực hiện 5K: khẩu trang, khử khuẩn, khoảng cách, không tập trung, khai báo y tế.\n"
     "- Cài Bluezone, quét mã QR khi vào nơi công cộng.\n"
     "- Có sốt, ho, khó thở: ở nhà và gọi trạm y tế trước khi đến cơ sở y tế.",
     "What to do now",
     "- Follow 5K: masks, disinfection, distance, no gatherings, health declaration.\n"
     "- Install Bluezone and scan the QR code when entering public places.\n"
     "- With fever, cough or shortness of breath: stay at home and call the health station before going to a "
     "health facility."),
    ("actions_level_2", "Việc cần làm ngay",
     "- Thực hiện 5K; hạn chế tụ tập đông người.\n"
     "- Hợp tác khi được truy vết, khai báo trung thực; cách ly khi được yêu cầu.\n"
     "- Khai báo y tế nếu bạn thuộc nhóm có nguy cơ.\n"
     "- Vũ trường, karaoke, quán bar, mát xa tạm dừng: không đến.",
     "What to do now",
     "- Follow 5K; avoid crowds.\n"
     "- Cooperate with contact tracing, declare honestly and quarantine when asked.\n"
     "- Make a health declaration if you are at risk.\n"
     "- Discos, karaoke, bars and massage parlours are closed: do not go."),
    ("actions_level_3", "Việc cần làm ngay",
     "- Không tụ tập từ 10 người trở lên ngoài công sở, trường học, bệnh viện; giữ khoảng cách 2 m.\n"
     "- Hạn chế ra khỏi địa bàn và đi phương tiện công cộng; làm việc trực tuyến khi có thể.\n"
     "- Mọi người dân khai báo y tế.\n"
     "- Có triệu chứng hoặc là F1: ở nhà, gọi trạm y tế ngay.",
     "What to do now",
     "- No groups of 10 or more outside offices, schools and hospitals; keep 2 m apart.\n"
     "- Leave the area and use public transport only when needed; work online when you can.\n"
     "- Every resident makes a health declaration.\n"
     "- With symptoms, or as a close contact (F1): stay at home and call the health station at once."),
    ("actions_level_4", "Việc cần làm ngay",
     "- Chỉ ra khỏi nhà khi thật cần thiết: mua lương thực, thuốc, đi khám chữa bệnh, đi làm ở cơ sở thiết yếu.\n"
     "- Không tập trung từ 3 người trở lên ngoài công sở, trường học, bệnh viện; giữ khoảng cách 2 m.\n"
     "- Chấp hành phong tỏa, cách ly y tế khi chính quyền quyết định.\n"
     "- Có triệu chứng hoặc là F1: ở nhà, gọi trạm y tế ngay; cấp cứu gọi 115.",
     "What to do now",
     "- Leave home only when truly necessary: food, medicine, medical care, work at an essential business.\n"
     "- No groups of 3 or more outside offices, schools and hospitals; keep 2 m apart.\n"
     "- Follow lockdown and medical isolation when the authorities order them.\n"
     "- With symptoms, or as a close contact (F1): stay at home and call the health station at once; for an "
     "emergency call 115."),
    ("rises_level_1", "Nếu lên mức nguy cơ",
     "Vũ trường, karaoke, quán bar, mát xa tạm dừng; người có nguy cơ phải khai báo y tế; hạn chế tụ tập; đám "
     "cưới, đám tang có y tế giám sát.",
     "If the level rises to risk",
     "Discos, karaoke, bars and massage parlours close; people at risk must make a health declaration; gatherings "
     "are limited; weddings and funerals are supervised by the health authority."),
    ("rises_level_2", "Nếu lên mức nguy cơ cao",
     "Không tụ tập từ 10 người trở lên ngoài công sở, trường học, bệnh viện; giảm người trên phương tiện công cộng; "
     "tăng làm việc trực tuyến; mọi người dân phải khai báo y tế.",
     "If the level rises to high risk",
     "No groups of 10 or more outside offices, schools and hospitals; fewer passengers on public transport; more "
     "remote work; every resident must make a health declaration."),
    ("rises_level_3", "Nếu lên mức nguy cơ rất cao",
     "Giãn cách xã hội 14 ngày: chỉ ra ngoài khi thật cần thiết; chỉ cơ sở thiết yếu hoạt động; không tập trung từ "
     "3 người trở lên; xe khách công cộng dừng hoạt động.",
     "If the level rises to very high risk",
     "14 days of social distancing: go out only when truly necessary; only essential businesses open; no groups of "
     "3 or more; public passenger transport stops."),
    ("arrivals_level_4", "Người đến từ vùng nguy cơ rất cao",
     "Người đến hoặc trở về từ địa bàn ở mức nguy cơ rất cao (kể cả các tỉnh lân cận) phải khai báo y tế ngay với "
     "trạm y tế nơi đến, tự theo dõi sức khỏe 14 ngày và thực hiện cách ly, xét nghiệm theo hướng dẫn của ngành y tế.",
     "People arriving from very-high-risk areas",
     "Anyone arriving or returning from an area at very high risk (neighbouring provinces included) must declare "
     "it at once to the health station where they arrive, watch their health for 14 days, and follow the health "
     "authority's instructions on quarantine and testing."),
]

OLD_HOTLINES = (
    "- Đường dây nóng ngành y tế: **1800 6132**\n"
    "- Đường dây nóng của Bộ Y tế về COVID-19: **1900 9095**\n"
    "- Cấp cứu: **115**\n"
)
NEW_HOTLINES = (
    "- Đường dây nóng ngành y tế: **[1800 6132](tel:18006132)**\n"
    "- Đường dây nóng của Bộ Y tế về COVID-19: **[1900 9095](tel:19009095)**\n"
    "- Cấp cứu: **[115](tel:115)**\n"
)
OLD_HOTLINES_EN = (
    "- Health sector hotline: **1800 6132**\n"
    "- Ministry of Health COVID-19 hotline: **1900 9095**\n"
    "- Emergency: **115**\n"
)
NEW_HOTLINES_EN = (
    "- Health sector hotline: **[1800 6132](tel:18006132)**\n"
    "- Ministry of Health COVID-19 hotline: **[1900 9095](tel:19009095)**\n"
    "- Emergency: **[115](tel:115)**\n"
)



def seed(apps, schema_editor):
    seed_texts(apps)
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_station_permissions(apps)


def grant_station_permissions(apps) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="notices", codename__in=STATION_PERMISSIONS)
    for group in Group.objects.filter(name=EDITORIAL):
        group.permissions.add(*permissions)


def seed_texts(apps) -> None:
    PublicText = apps.get_model("notices", "PublicText")
    for key, title_vi, body_vi, title_en, body_en in TEXTS:
        PublicText.objects.get_or_create(
            key=key, valid_from=VALID_FROM,
            defaults={"title_vi": title_vi, "body_vi": body_vi, "title_en": title_en, "body_en": body_en},
        )
    # The seeded hotlines become tap-to-call links, unless an editor has already changed them.
    for text in PublicText.objects.filter(key="hotlines", valid_from=VALID_FROM):
        if text.body_vi.startswith(OLD_HOTLINES):
            text.body_vi = NEW_HOTLINES + text.body_vi[len(OLD_HOTLINES):]
        if text.body_en.startswith(OLD_HOTLINES_EN):
            text.body_en = NEW_HOTLINES_EN + text.body_en[len(OLD_HOTLINES_EN):]
        text.save(update_fields=["body_vi", "body_en"])


def unseed(apps, schema_editor):
    apps.get_model("notices", "PublicText").objects.filter(
        valid_from=VALID_FROM, key__in=[key for key, *_ in TEXTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0004_health_station_and_action_texts"), ("ingest", "0002_staff_groups")]
    operations = [migrations.RunPython(seed, unseed)]
