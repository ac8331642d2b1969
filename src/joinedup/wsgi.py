"""The WSGI application that ``joinedup serve`` runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
application = get_wsgi_application()
