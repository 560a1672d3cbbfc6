"""Print the current two-factor code of a demo user (make run: no phone needed).

Works only for a device holding the documented demo secret that seed_demo gives the demo staff;
it refuses for every other account, so it cannot read a real user's codes.
"""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import usable_code
from demo.people import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (demo secret only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        device = (
            TOTPDevice.objects.filter(user__email__iexact=email.strip(), confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None or device.key != DEMO_TOTP_KEY:
            raise CommandError(
                f"{email}: no demo authenticator app. This command only works for the demo "
                "staff that seed_demo made; everybody else uses their own app."
            )
        code = usable_code(device)
        if code is None:
            raise CommandError("The last two codes were used already: try again in 30 seconds.")
        self.stdout.write(code)
