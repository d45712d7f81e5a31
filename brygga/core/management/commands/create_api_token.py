"""``brygga create_api_token USERNAME --name NAME``: issue an API token and print it once."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from brygga.core.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API token for a user and print it. Only a hash is kept: store it now."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'import'.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user {options['username']!r}.")
        name = options["name"].strip()
        if not name or len(name) > 100:  # ApiToken.name holds 100 characters
            raise CommandError("Give the token a name of at most 100 characters.")
        _token, raw = ApiToken.issue(user, name)
        self.stdout.write(raw)
