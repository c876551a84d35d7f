"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from opsi.errors import guard_asgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsi.settings")
application = guard_asgi(get_asgi_application())
