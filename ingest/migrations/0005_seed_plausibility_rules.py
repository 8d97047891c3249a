"""A first set of plausibility rules; superusers adjust them in the admin."""

from django.db import migrations

CASES = "community_cases_known_source + community_cases_unknown_source"
RULES = [
    ("f0-toi-da-dan-so", "F0 không vượt dân số", "error", "community_cases_unknown_source",
     f"{CASES} + quarantined_cases <= population",
     "Tổng số F0 ({left}) lớn hơn dân số của đơn vị ({right}): số liệu không thể đúng."),
    ("f1-toi-da-dan-so", "F1 không vượt dân số", "error", "community_f1",
     "community_f1 <= population",
     "Số F1 tại cộng đồng ({left}) lớn hơn dân số của đơn vị ({right})."),
    ("tu-vong-toi-da-dan-so", "Tử vong không vượt dân số", "error", "deaths",
     "deaths <= population",
     "Số tử vong ({left}) lớn hơn dân số của đơn vị ({right})."),
    ("chum-toi-da-ca-chua-ro-nguon", "Chùm ca chưa rõ nguồn cần có ca chưa rõ nguồn", "warning",
     "unknown_source_clusters",
     "unknown_source_clusters <= community_cases_unknown_source",
     "Có {left} chùm ca chưa rõ nguồn lây nhưng chỉ {right} F0 chưa rõ nguồn lây trong ngày: hãy kiểm tra lại hoặc "
     "giải trình (ví dụ các ca đã báo những ngày trước)."),
    ("f0-tang-dot-bien", "F0 cộng đồng tăng đột biến so với 14 ngày trước", "warning",
     "community_cases_unknown_source",
     f"{CASES} <= 10 * max(max14({CASES}), 5)",
     "F0 cộng đồng ({left}) vượt quá 10 lần mức cao nhất của 14 ngày trước (ngưỡng {right}): hãy kiểm tra lại "
     "hoặc giải trình."),
    ("f1-tang-dot-bien", "F1 tăng đột biến so với 14 ngày trước", "warning", "community_f1",
     "community_f1 <= 10 * max(max14(community_f1), 50)",
     "F1 tại cộng đồng ({left}) vượt quá 10 lần mức cao nhất của 14 ngày trước (ngưỡng {right}): hãy kiểm tra lại "
     "hoặc giải trình."),
    ("tu-vong-trong-ngay", "Số tử vong trong ngày bất thường", "warning", "deaths",
     "deaths <= 5 * max(max14(deaths), 2)",
     "Số tử vong trong ngày ({left}) vượt quá 5 lần mức cao nhất của 14 ngày trước (ngưỡng {right}): hãy kiểm tra "
     "lại hoặc giải trình."),
    ("xet-nghiem-toi-da-dan-so", "Xét nghiệm không vượt 1,5 lần dân số", "warning", "tests",
     "tests <= 1.5 * population",
     "Số xét nghiệm ({left}) vượt 1,5 lần dân số của đơn vị (ngưỡng {right}): hãy kiểm tra lại hoặc giải trình."),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("ingest", "PlausibilityRule")
    for code, name, severity, column, expression, message in RULES:
        Rule.objects.update_or_create(code=code, defaults={
            "name": name, "severity": severity, "column": column, "expression": expression, "message": message,
            "active": True})


def unseed(apps, schema_editor):
    apps.get_model("ingest", "PlausibilityRule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("ingest", "0004_figures_quality")]
    operations = [migrations.RunPython(seed, unseed)]
