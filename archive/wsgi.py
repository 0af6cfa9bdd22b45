"""WSGI entry point, served by gunicorn in deployment (and by runserver, through WSGI_APPLICATION)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

# A server process imports this module before it accepts a request (each gunicorn worker, as it boots):
# loading jieba and the tables here makes the first search as quick as the next. Management commands
# and the tests never import it, so they do not pay for it.
from reports.warmup import warm_up  # noqa: E402 - needs the settings configured above

warm_up()
