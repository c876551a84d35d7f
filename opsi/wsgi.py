"""WSGI entry point, for gunicorn: `gunicorn opsi.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsi.settings")
application = get_wsgi_application()
