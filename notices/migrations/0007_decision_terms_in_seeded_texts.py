"""Seeded public texts speak the Decision's terms: "mức độ nguy cơ", "Mức N", not Resolution 128's "cấp độ".

Each seeded phrase is replaced wherever it still stands in the six seeded texts, whole phrases only: the rest of a
text an editor has rewritten is left as it is, and an editor's sentence that kept a seeded phrase gets the new
wording too. A data migration writes no history row (historical models, `update()`).
"""

from django.db import migrations

# (old, new), applied in order to the Vietnamese title and body of the texts that still hold the seeded words.
TERMS = [
    ("Cấp độ 1 – Bình thường mới (xanh)", "Mức 1 · Bình thường mới (xanh)"),
    ("Cấp độ 2 – Nguy cơ (vàng)", "Mức 2 · Nguy cơ (vàng)"),
    ("Cấp độ 3 – Nguy cơ cao (cam)", "Mức 3 · Nguy cơ cao (cam)"),
    ("Cấp độ 4 – Nguy cơ rất cao (đỏ)", "Mức 4 · Nguy cơ rất cao (đỏ)"),
    ("(ngoài các việc của cấp độ 1, 2 và 3)", "(ngoài các việc của mức 1, 2 và 3)"),
    ("(ngoài các việc của cấp độ 1 và 2)", "(ngoài các việc của mức 1 và 2)"),
    ("(ngoài các việc của cấp độ 1)", "(ngoài các việc của mức 1)"),
    ("của các cấp độ nguy cơ cao hơn", "của các mức nguy cơ cao hơn"),
    ("Cấp độ dịch để làm gì?", "Mức độ nguy cơ để làm gì?"),
    ("ở một trong bốn cấp độ nguy cơ", "ở một trong bốn mức độ nguy cơ"),
    (
        "Mỗi cấp độ đi kèm các biện pháp bắt buộc, cộng dồn từ cấp thấp lên cấp cao",
        "Mỗi mức nguy cơ đi kèm các biện pháp bắt buộc, cộng dồn từ mức thấp lên mức cao",
    ),
    ("Cấp độ trên bản đồ do máy tính đề xuất", "Mức nguy cơ trên bản đồ do máy tính đề xuất"),
    ("Ở cấp độ 3 và 4, mọi người dân", "Ở mức 3 và 4, mọi người dân"),
]
KEYS = ["level_1", "level_2", "level_3", "level_4", "home_purpose", "home_bluezone"]


def rename(apps, pairs):
    PublicText = apps.get_model("notices", "PublicText")
    for text in PublicText.objects.filter(key__in=KEYS):
        title, body = text.title_vi, text.body_vi
        for old, new in pairs:
            title, body = title.replace(old, new), body.replace(old, new)
        if (title, body) != (text.title_vi, text.body_vi):
            PublicText.objects.filter(pk=text.pk).update(title_vi=title, body_vi=body)


def forwards(apps, schema_editor):
    rename(apps, TERMS)


def backwards(apps, schema_editor):
    rename(apps, [(new, old) for old, new in reversed(TERMS)])


class Migration(migrations.Migration):
    dependencies = [("notices", "0006_merge")]

    operations = [migrations.RunPython(forwards, backwards)]
