from datetime import timedelta

from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "thoughtful.newsletter"
    label = "newsletter"

    def ready(self) -> None:
        from thoughtful import periodic
        from thoughtful.newsletter import account, tasks
        from thoughtful.people import hooks

        # "Export my data" and "delete my account" (issue 11) include the subscription.
        hooks.export_section("newsletter", account.export_subscription)
        hooks.deletion_step("newsletter.forget", account.forget_subscription, order=20)

        # An edition whose sending stopped (a worker killed mid-batch, a lost task) picks up
        # where it left off; deliveries already sent or claimed are never sent again.
        periodic.register(
            "newsletter.resume_sending", every=timedelta(minutes=5), task=tasks.resume_sending
        )
