from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Moving a publication in (WordPress, Disqus) and out (WXR, JSON): issue 13."""

    name = "thoughtful.transfer"
    label = "transfer"
