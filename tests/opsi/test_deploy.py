import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_under_the_production_environment():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k3y-x7Qp9vL2mZr8Tn4Wc6Yb1Hs5Jd0Fg3Ak-q8Rz1Uv5Ne7Lb2Xh9Ty4",
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "OPSI_SITE_URL": "https://example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_models_and_migrations_agree(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _deploy_check(**extra) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k3y-x7Qp9vL2mZr8Tn4Wc6Yb1Hs5Jd0Fg3Ak-q8Rz1Uv5Ne7Lb2Xh9Ty4",
        "DJANGO_ALLOWED_HOSTS": "example.org",
        **extra,
    }
    env.pop("OPSI_SITE_URL", None) if "OPSI_SITE_URL" not in extra else None
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_fails_without_the_site_url():
    result = _deploy_check()
    assert result.returncode != 0
    assert "opsi.E001" in result.stdout + result.stderr
    local = _deploy_check(OPSI_SITE_URL="http://127.0.0.1:8000")
    assert "opsi.E001" in local.stdout + local.stderr


def test_hsts_preload_is_opt_in():
    from django.conf import settings

    assert settings.SECURE_HSTS_PRELOAD is False


def test_the_readme_lists_every_variable_the_settings_read():
    import re

    settings_source = (ROOT / "opsi" / "settings.py").read_text()
    read = set(re.findall(r'(?:env_bool|env_list|os\.environ\.get)\("([A-Z_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text()
    assert read, "no variables found: the pattern is out of date"
    assert sorted(v for v in read if f"`{v}`" not in readme) == []
