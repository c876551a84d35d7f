"""Contribution and moderation: contributor fields, the append-only state log, the
shared rate-limit table, the moderation permission and the "Moderators" group."""

import secrets

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import innovations.models
from opsi.irreversible import RefuseReverse

MODERATOR_PERMISSIONS = [
    ("innovations", "moderate_innovation"),
    ("innovations", "view_innovation"),
    ("innovations", "change_innovation"),
    ("innovations", "view_statechange"),
]


def new_status_keys(apps, schema_editor):
    """Existing cases got one shared default key: give each its own."""
    Innovation = apps.get_model("innovations", "Innovation")
    for case in Innovation.objects.only("pk").iterator():
        Innovation.objects.filter(pk=case.pk).update(status_key=secrets.token_urlsafe(24))


def create_moderators(apps, schema_editor):
    """The "Moderators" group, with the permission the moderation queue asks for."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after `migrate`; this group needs them now.
    app_config = apps.get_app_config("innovations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, codename in MODERATOR_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0003_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="innovation",
            options={
                "ordering": ["-created_at"],
                "permissions": [("moderate_innovation", "Can moderate innovations")],
                "verbose_name": "innovation",
                "verbose_name_plural": "innovations",
            },
        ),
        migrations.AddField(
            model_name="innovation",
            name="contributor_email",
            field=models.EmailField(
                blank=True, max_length=254, verbose_name="contributor's e-mail"
            ),
        ),
        migrations.AddField(
            model_name="innovation",
            name="contributor_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="contributor's name"),
        ),
        migrations.AddField(
            model_name="innovation",
            name="contributor_organisation",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="contributor's organisation"
            ),
        ),
        migrations.AddField(
            model_name="innovation",
            name="contributor_role",
            field=models.CharField(blank=True, max_length=200, verbose_name="contributor's role"),
        ),
        migrations.AddField(
            model_name="innovation",
            name="licence_consent",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="The contributor agreed to publish the text under CC BY 4.0.",
                verbose_name="licence consent",
            ),
        ),
        migrations.AddField(
            model_name="innovation",
            name="moderator_message",
            field=models.TextField(
                blank=True,
                help_text="The last change request or rejection reason, shown on the status page.",
                verbose_name="message to the contributor",
            ),
        ),
        migrations.AddField(
            model_name="innovation",
            name="status_key",
            field=models.CharField(
                default=innovations.models.new_status_key,
                editable=False,
                help_text="Part of the private status link; changing it revokes the old link.",
                max_length=64,
                verbose_name="status key",
            ),
        ),
        migrations.CreateModel(
            name="SubmissionAttempt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address_hash", models.CharField(max_length=64)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "submission attempt",
                "indexes": [models.Index(fields=["address_hash", "at"], name="attempt_address_at")],
            },
        ),
        migrations.CreateModel(
            name="StateChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("actor_label", models.CharField(max_length=200, verbose_name="actor")),
                (
                    "from_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("changes_requested", "Changes requested"),
                            ("published", "Published"),
                            ("rejected", "Rejected"),
                            ("unpublished", "Unpublished"),
                        ],
                        max_length=20,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("changes_requested", "Changes requested"),
                            ("published", "Published"),
                            ("rejected", "Rejected"),
                            ("unpublished", "Unpublished"),
                        ],
                        max_length=20,
                        verbose_name="to",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="at"
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty when the contributor acted through the status link.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="actor",
                    ),
                ),
                (
                    "innovation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="state_changes",
                        to="innovations.innovation",
                        verbose_name="innovation",
                    ),
                ),
            ],
            options={
                "verbose_name": "state change",
                "verbose_name_plural": "state changes",
                "ordering": ["at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "to_state__in",
                                [
                                    "draft",
                                    "submitted",
                                    "changes_requested",
                                    "published",
                                    "rejected",
                                    "unpublished",
                                ],
                            )
                        ),
                        name="statechange_to_state_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "from_state__in",
                                [
                                    "draft",
                                    "submitted",
                                    "changes_requested",
                                    "published",
                                    "rejected",
                                    "unpublished",
                                    "",
                                ],
                            )
                        ),
                        name="statechange_from_state_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(new_status_keys, migrations.RunPython.noop),
        migrations.RunPython(create_moderators, remove_moderators),
        RefuseReverse(
            "Reversing it drops the contributors' names, e-mails, organisations and roles, their licence consent, the moderators' messages, the private status links, the state-change log, the submission attempts and the Moderators group with its members; applying it again gives every case a new status link."
        ),
    ]
