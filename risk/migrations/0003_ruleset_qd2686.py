"""Create rule set QD2686 with the defaults of spec §8 (frozen here: later changes go through the admin)."""

import datetime

from django.db import migrations

CODE = "QD2686"
NAME = "Quyết định 2686/QĐ-BCĐQG ngày 31/5/2021 của Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19"
PARAMETERS = {
    "window_days": 14,
    "risk_rate_per_100k": 1.0,
    "propagate_from_derived": True,
    "count_higher_in_share": True,
    "district_very_high_share": 0.30,
    "province_very_high_share": 0.30,
    "high_share": 0.30,
    "risk_share": 0.50,
    "high_share_for_very_high": 0.50,
    "fast_spread_very_high": 0.50,
    "fast_spread_high": 0.20,
    "raise_for_sub_area_at_risk": True,
    "province_high_as_district": True,
    "recompute_times": ["08:00", "13:00", "20:00"],
}
CHANGELOG = (
    "31/05/2021 – tạo bộ quy tắc theo Quyết định 2686/QĐ-BCĐQG, tham số mặc định theo mục 8 của đặc tả "
    "(risk-rules-2686.md)."
)


def create_ruleset(apps, schema_editor):
    RuleSet = apps.get_model("risk", "RuleSet")
    RuleSet.objects.get_or_create(
        code=CODE,
        defaults={"name": NAME, "valid_from": datetime.date(2021, 5, 31), "valid_to": None,
                  "parameters": PARAMETERS, "changelog": CHANGELOG},
    )


def remove_ruleset(apps, schema_editor):
    apps.get_model("risk", "RuleSet").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0002_assessment_run_pending")]
    operations = [migrations.RunPython(create_ruleset, remove_ruleset)]
