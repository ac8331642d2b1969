"""``joinedup manage twofactor_off USERNAME``: remove a user's two-factor devices.

For an administrator helping someone who has lost both their phone and their
recovery codes: the user then signs in with their password alone (and, where
``JOINEDUP_REQUIRE_2FA`` applies to them, is asked to set up a new authenticator).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Turn two-factor sign-in off for one user (their authenticator and recovery codes go)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        try:
            user = users.objects.get(**{users.USERNAME_FIELD: options["username"]})
        except users.DoesNotExist as error:
            raise CommandError(f"no user named {options['username']!r}") from error
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        self.stdout.write(f"{user.get_username()}: {len(devices)} device(s) removed")
