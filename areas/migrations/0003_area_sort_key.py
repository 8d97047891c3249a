from django.db import migrations, models


def fill_sort_keys(apps, schema_editor):
    from areas.collation import area_sort_key

    Area = apps.get_model("areas", "Area")
    areas = list(Area.objects.only("pk", "name", "type_label"))
    for area in areas:
        area.sort_key = area_sort_key(name=area.name, type_label=area.type_label)
    Area.objects.bulk_update(areas, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("areas", "0002_area_successors")]

    operations = [
        migrations.AddField(
            model_name="area",
            name="sort_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=400),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
