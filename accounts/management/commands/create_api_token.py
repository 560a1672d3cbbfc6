"""manage.py create_api_token EMAIL [--rotate]: issue an API token for a staff member.

The key is printed once; store it in the integration that will call the API. With --rotate an
existing key is replaced and stops working immediately.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.api_tokens import api_token_issue
from accounts.models import User


class Command(BaseCommand):
    help = "Create an API token for a staff member (by e-mail) and print its key once."

    def add_arguments(self, parser):
        parser.add_argument("email", help="e-mail address of the staff member")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="replace the existing token (the old key stops working at once)",
        )

    def handle(self, *args, email, rotate, **options):
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with e-mail address {email}.") from exc
        try:
            token = api_token_issue(user=user, rotate=rotate)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(
            f"API token for {user.email} ({user.get_role_display()}). "
            "Store the key now; it is not shown again:"
        )
        self.stdout.write(token.key)
