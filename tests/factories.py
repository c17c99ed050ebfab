"""Core factories (members, vehicles). Each app's own factories live in tests/<app>/factories.py."""

import datetime as dt

import factory
from django.utils import timezone

from members.models import Cooperative, Member, MemberRole, MemberStatus, User
from vehicles.models import Fuel, Vehicle

PASSWORD = "geheim-wachtwoord-123"

# Fixed names instead of Faker's: a test that looks for a name in a page must not depend
# on a random name that HTML escapes (an apostrophe, as in "d'Heripon").
FIRST_NAMES = ["Anna", "Bas", "Carla", "Dirk", "Emma", "Freek", "Greet", "Henk", "Ilse", "Joost", "Karin", "Luuk"]
LAST_NAMES = ["Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"lid{n}@example.nl")
    first_name = factory.Iterator(FIRST_NAMES)
    last_name = factory.Iterator(LAST_NAMES)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            # allauth: a verified primary address, so the user can log in.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Coöperatie {n}")
    slug = factory.Sequence(lambda n: f"coop-{n}")
    city = "Den Haag"
    iban = "NL91ABNA0417164300"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True  # the roles hook saves what it makes itself

    cooperative = factory.SubFactory(CooperativeFactory)
    user = factory.SubFactory(UserFactory)
    status = MemberStatus.ACTIVE
    number = factory.Sequence(lambda n: n + 1)
    street = factory.Sequence(lambda n: f"Lindelaan {n + 1}")
    postal_code = "2564 AB"
    city = "Den Haag"
    licence_number = factory.Sequence(lambda n: f"{5000000000 + n}")
    licence_expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3 * 365))
    admitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or ():
            MemberRole.objects.create(member=obj, role=role)


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    cooperative = factory.SubFactory(CooperativeFactory)
    plate = factory.Sequence(lambda n: f"AB-{100 + n % 900:03d}-{'CDFGHJKLNPRSTVXZ'[n % 16]}")
    make = "Toyota"
    model = "Yaris"
    fuel = Fuel.HYBRID
    seats = 5
    address = "Lindelaan 12, Den Haag"
    location_note = "Parkeerplaats achter nr. 12"
    buffer_minutes = 15
