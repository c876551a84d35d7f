"""The language each moderator last signed in with, so that their mail (the digest) is
written in it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from opsi.irreversible import RefuseReverse


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("innovations", "0025_media_renditions"),
    ]

    operations = [
        migrations.CreateModel(
            name="ModeratorLanguage",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="mail_language",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        help_text="The language of the pages the user last signed in on.",
                        max_length=10,
                        verbose_name="language of the mail",
                    ),
                ),
            ],
            options={
                "verbose_name": "moderator's language",
                "verbose_name_plural": "moderators' languages",
            },
        ),
        RefuseReverse(
            "Reversing it drops the language each moderator last signed in with; their "
            "mail is then in the site's language until they sign in again."
        ),
    ]
