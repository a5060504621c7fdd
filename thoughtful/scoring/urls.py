"""Placeholder: the Perspective-compatible endpoint is added by the scorer work (issue 3)."""

urlpatterns: list = []
