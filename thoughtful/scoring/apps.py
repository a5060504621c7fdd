from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings


class ScoringConfig(AppConfig):
    name = "thoughtful.scoring"
    label = "scoring"

    def ready(self) -> None:
        # The weekly site layer (issue 10) is off by default: the operator opts in.
        if getattr(settings, "SCORING_ADAPT_WEEKLY", False):
            from thoughtful import periodic
            from thoughtful.scoring import tasks

            periodic.register(
                "scoring.adapt_weekly", every=timedelta(days=7), task=tasks.adapt_weekly
            )
