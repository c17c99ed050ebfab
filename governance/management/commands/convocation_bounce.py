"""`python manage.py convocation_bounce (--token UUID | --email ADDRESS) [--reason TEXT]`:
record that a convocation e-mail bounced, for a mail server's bounce handler (the token is
the X-DEEL-Delivery header of the returned message)."""

from django.core.management.base import BaseCommand, CommandError

from deel.errors import DomainError
from governance.services import convocation_bounce_record


class Command(BaseCommand):
    help = "Record a bounced convocation e-mail in the delivery log."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--token", help="the X-DEEL-Delivery header of the bounced message")
        group.add_argument("--email", help="the address that bounced (its latest convocation)")
        parser.add_argument("--reason", default="", help="the mail server's diagnostic")

    def handle(self, *args, token=None, email=None, reason="", **options):
        try:
            delivery = convocation_bounce_record(token=token, email=email or "", reason=reason)
        except DomainError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"{delivery.email}: {delivery.get_status_display()}")
