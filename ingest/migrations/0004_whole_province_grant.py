"""District scope fails closed: working for the whole province becomes the explicit permission
`ingest.whole_province`.

The approvers' and the editors' groups hold it (their work is the province's). Data-entry staff are one group for
the province and for the districts, so the grant goes to each province clerk: existing members of the data-entry
group who have no StaffScope at all keep the whole province they had; a member with an empty StaffScope (which
used to mean the whole province by accident) now sees nothing until assigned.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPROVAL = "Sở Y tế – phê duyệt"
EDITORIAL = "Sở TT&TT – biên tập"
DATA_ENTRY = "Sở Y tế – nhập liệu"
PROVINCE_GROUPS = (APPROVAL, EDITORIAL)


def whole_province_permission(apps):
    app_config = apps.get_app_config("ingest")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="ingest", codename="whole_province")


def grant(apps, schema_editor):
    permission = whole_province_permission(apps)
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=PROVINCE_GROUPS):
        group.permissions.add(permission)
    User = apps.get_model("auth", "User")
    StaffScope = apps.get_model("ingest", "StaffScope")
    scoped = StaffScope.objects.values_list("user_id", flat=True)
    for user in User.objects.filter(groups__name=DATA_ENTRY).exclude(pk__in=scoped).distinct():
        user.user_permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="ingest", codename="whole_province").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("ingest", "0003_synthetic_preview_sheet"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="staffscope",
            options={
                "permissions": [("whole_province", "Làm việc cho toàn tỉnh (mọi huyện)")],
                "verbose_name": "phạm vi phụ trách",
                "verbose_name_plural": "phạm vi phụ trách",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
