"""The JSON API (django-ninja), mounted at /api/v1/: thin endpoints over each app's actions."""
