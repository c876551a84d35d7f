"""WSGI entry point, for gunicorn: `gunicorn opsi.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from opsi.errors import guard_wsgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsi.settings")
application = guard_wsgi(get_wsgi_application())
