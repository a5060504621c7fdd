"""Tag slugs keep letters of any script, and existing tags get a working slug (issue 14, item 3).

Before, tags without ASCII letters or digits all got the empty slug (the first such tag took it,
later names were filed under it), and an empty slug broke the home page, the sitemap and every
essay page linking it. This gives every tag whose slug is empty or not a valid slug the slug
the new rules give it (publishing.tags, copied here so later changes there don't alter history).
"""

import hashlib
import re

from django.db import migrations, models
from django.utils.text import slugify

MAX_SLUG_LENGTH = 60
VALID = re.compile(r"[-\w]+")


def _hash(name):
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def _candidates(name):
    base = slugify(name, allow_unicode=True)[:MAX_SLUG_LENGTH].strip("-_")
    if not base:
        return [f"tag-{_hash(name)}"] + [f"tag-{_hash(name)}-{n}" for n in range(2, 100)]
    return [base, f"{base[: MAX_SLUG_LENGTH - 9]}-{_hash(name)}"] + [
        f"{base[: MAX_SLUG_LENGTH - 4]}-{n}" for n in range(2, 100)
    ]


def repair_tag_slugs(apps, schema_editor):
    Tag = apps.get_model("publishing", "Tag")
    for tag in Tag.objects.order_by("pk"):
        if tag.slug and VALID.fullmatch(tag.slug):
            continue
        for slug in _candidates(tag.name):
            if not Tag.objects.filter(slug=slug).exclude(pk=tag.pk).exists():
                tag.slug = slug
                tag.save(update_fields=["slug"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0003_search_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tag",
            name="slug",
            field=models.SlugField(allow_unicode=True, max_length=60, unique=True),
        ),
        migrations.RunPython(repair_tag_slugs, migrations.RunPython.noop),
    ]
