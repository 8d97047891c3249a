"""Create the three staff groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DATA_ENTRY = "Sở Y tế – nhập liệu"
APPROVAL = "Sở Y tế – phê duyệt"
EDITORIAL = "Sở TT&TT – biên tập"

READ_AREAS = ["areas.view_area", "areas.view_adjacency"]
READ_LEVELS = ["risk.view_assessment", "risk.view_override", "risk.view_publication", "risk.view_ruleset"]
READ_PUBLIC = ["notices.view_notice", "notices.view_measure", "notices.view_publictext"]
ENTER_DATA = [
    f"ingest.{action}_{model}"
    for model in ("dailyreport", "areaflag", "declaredlevel", "reportimport")
    for action in ("add", "change", "delete", "view")
]
READ_DATA = ["ingest.view_dailyreport", "ingest.view_areaflag", "ingest.view_declaredlevel", "ingest.view_reportimport"]

GROUPS = {
    DATA_ENTRY: READ_AREAS + READ_LEVELS + READ_PUBLIC + ENTER_DATA,
    APPROVAL: READ_AREAS + READ_LEVELS + READ_PUBLIC + ENTER_DATA + [
        "risk.publish_levels", "risk.add_publication", "risk.change_assessment",
        "risk.add_override", "risk.change_override", "risk.delete_override",
    ],
    EDITORIAL: READ_AREAS + READ_LEVELS + READ_DATA + [
        f"notices.{action}_{model}"
        for model in ("notice", "measure", "publictext")
        for action in ("add", "change", "delete", "view")
    ] + ["notices.publish_notice"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_initial"),
        ("risk", "0001_initial"),
        ("notices", "0001_initial"),
        ("areas", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
