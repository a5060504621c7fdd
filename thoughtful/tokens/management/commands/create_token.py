"""manage.py create_token USERNAME --name NAME --scope read [--scope write ...]

For operators and scripts (and the README's examples): the same action as the account page,
printing the token once.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thoughtful.people.models import User
from thoughtful.tokens import actions
from thoughtful.tokens.models import Scope


class Command(BaseCommand):
    help = "Create a personal access token for the JSON API and print it (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What will use the token.")
        parser.add_argument(
            "--scope", action="append", choices=Scope.values, required=True, dest="scopes"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person = User.objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError(f"No account {options['username']!r}.")
        try:
            _token, raw = actions.create_token(
                owner=person, name=options["name"], scopes=options["scopes"]
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(raw)
