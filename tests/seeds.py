"""Rows that data migrations create, put back after a transactional test emptied every table.

Tests on committed data (live server, real Celery workers) end with a flush, and serialized rollback does not
survive Playwright's greenlets, so the staff groups, the rule set and the seeded measures would be gone for the
tests that follow.
"""

from importlib import import_module

from django.apps import apps


def restore_migrated_data() -> None:
    """Re-run the forward step of each data migration whose rows are missing (each is idempotent)."""
    from django.contrib.auth.models import Group, Permission

    from notices.models import Measure
    from risk.models import RuleSet

    staff_groups = import_module("ingest.migrations.0002_staff_groups")
    province_groups = import_module("ingest.migrations.0004_whole_province_grant").PROVINCE_GROUPS
    DOWNLOAD_ORIGINAL = import_module("ingest.migrations.0004_reportimport_download_original")
    if not Permission.objects.exists():
        _restore_permissions()
    for name, codes in staff_groups.GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            labels = [code.split(".") for code in codes]
            group.permissions.set(
                [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in labels]
            )
            if name in province_groups:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label="ingest", codename="whole_province")
                )
        if created and name in DOWNLOAD_ORIGINAL.HEALTH_GROUPS:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="ingest", codename=DOWNLOAD_ORIGINAL.CODENAME)
            )
    for name, codes in import_module("ingest.migrations.0006_quality_permissions").GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None and not group.permissions.filter(codename="add_correctionrequest").exists():
            group.permissions.add(
                *[
                    Permission.objects.get(content_type__app_label=code.split(".")[0], codename=code.split(".")[1])
                    for code in codes
                ]
            )
    from ingest.models import PlausibilityRule

    if not PlausibilityRule.objects.exists():
        import_module("ingest.migrations.0005_seed_plausibility_rules").seed(apps, None)
    if not RuleSet.objects.exists():
        import_module("risk.migrations.0003_ruleset_qd2686").create_ruleset(apps, None)
    if not Measure.objects.exists():
        import_module("notices.migrations.0003_seed_measures_and_texts").seed(apps, None)
    from notices.models import PublicText

    action_texts = import_module("notices.migrations.0005_seed_action_texts")
    if not PublicText.objects.filter(key="actions_level_1").exists():
        action_texts.seed_texts(apps)
    action_texts.grant_station_permissions(apps)
    from notices.models import LoudspeakerText

    if not LoudspeakerText.objects.exists():
        import_module("notices.migrations.0004_loudspeakertext").seed(apps, None)


def _restore_permissions() -> None:
    """Recreate content types and permissions, which a flush without post_migrate leaves out."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
