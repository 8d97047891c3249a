"""Give the staff groups the permissions of no-new-cases days and correction requests."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DATA_ENTRY = "Sở Y tế – nhập liệu"
APPROVAL = "Sở Y tế – phê duyệt"
CLERK = ["ingest.view_nonewcasesdeclaration", "ingest.add_nonewcasesdeclaration",
         "ingest.delete_nonewcasesdeclaration", "ingest.view_correctionrequest", "ingest.add_correctionrequest"]
GROUPS = {DATA_ENTRY: CLERK, APPROVAL: CLERK + ["ingest.grant_correctionrequest", "ingest.change_correctionrequest"]}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [("ingest", "0005_seed_plausibility_rules"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
