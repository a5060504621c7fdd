import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thoughtful.settings")
application = get_wsgi_application()

if os.environ.get("THOUGHTFUL_PRELOAD_MODEL") == "1":
    # gunicorn's preload (thoughtful/ops/gunicorn_conf.py): load the model in the master so the
    # forked workers share it, and open no database connection they would inherit.
    from django.db import connections

    from thoughtful.scoring.scorer import get_scorer

    get_scorer()
    connections.close_all()
