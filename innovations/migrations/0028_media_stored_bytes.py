"""What each medium really stores (its file and its smaller copies), so that the per-case
cap bounds the copies too; earlier media are measured from the store."""

from django.db import migrations, models

from opsi.irreversible import RefuseReverse


def measure(apps, schema_editor):
    """Each stored medium's bytes: its file (its recorded size if the store lacks it) and
    the copies the store holds."""
    CaseMedia = apps.get_model("innovations", "CaseMedia")
    for media in CaseMedia.objects.exclude(file="").iterator():
        storage = media.file.storage
        total = media.size
        for entry in media.renditions or []:
            try:
                total += storage.size(entry["name"])
            except (OSError, NotImplementedError):
                continue
        CaseMedia.objects.filter(pk=media.pk).update(stored_bytes=total)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0027_case_text_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="casemedia",
            name="stored_bytes",
            field=models.PositiveIntegerField(
                default=0, verbose_name="bytes stored, with the copies"
            ),
        ),
        migrations.RunPython(measure, migrations.RunPython.noop),
        RefuseReverse(
            "Reversing it drops what each picture's smaller copies weigh; the per-case cap "
            "then counts the originals only until it is migrated again."
        ),
    ]
