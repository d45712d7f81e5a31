"""WSGI entry point (gunicorn brygga.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brygga.settings")
application = get_wsgi_application()
