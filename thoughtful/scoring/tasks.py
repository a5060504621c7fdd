"""Scoring's background work: the weekly site layer (issue 10; off unless SCORING_ADAPT_WEEKLY)."""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def adapt_weekly() -> str:
    if not getattr(settings, "SCORING_ADAPT_WEEKLY", False):
        return "off"
    from thoughtful.scoring import labels

    out = io.StringIO()
    version = labels.adapt_site_layer(out=out)
    logger.info("weekly scorer adaptation: %s", out.getvalue().strip())
    return version or "unchanged"
