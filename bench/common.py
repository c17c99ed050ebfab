"""What the booking benchmarks share: the database, a benchmark cooperative, local times.

Import this module before Django is set up: it puts the project on the path and sets the
environment the benchmarks run Django with in their own process (DEBUG off).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/deel_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deel.settings.local")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "False")  # measured as production runs: no per-query debug logging
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it is missing."""
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def django_migrated() -> None:
    """Set Django up in this process and migrate the benchmark database."""
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def setup_coop(tag: str, cars: int, members: int, *, password_hash: str = ""):  # type: ignore[no-untyped-def]
    """A fresh cooperative with `cars` active cars and `members` active members who may
    drive (licence valid for years). With `password_hash`, every member's user gets it
    and a verified primary e-mail address, so they can log in."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from members.models import Cooperative, Member, MemberStatus, User
    from vehicles.models import Fuel, Vehicle

    coop = Cooperative.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", city="Den Haag")
    users = User.objects.bulk_create(
        [
            User(email=f"bench-{tag}-{i}@example.nl", first_name=f"Lid{i}", last_name="Bench", password=password_hash)
            for i in range(members)
        ]
    )
    if password_hash:
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
    today = timezone.localdate()
    Member.objects.bulk_create(
        [
            Member(
                cooperative=coop,
                user=u,
                number=i + 1,
                status=MemberStatus.ACTIVE,
                street="Bankastraat 1",
                postal_code="2585 EA",
                city="Den Haag",
                licence_expires_on=today + dt.timedelta(days=2000),
                admitted_at=timezone.now(),
            )
            for i, u in enumerate(users)
        ]
    )
    Vehicle.objects.bulk_create(
        [
            Vehicle(
                cooperative=coop,
                plate=f"BN-{i:03d}-X",
                make="Toyota",
                model="Yaris",
                fuel=Fuel.HYBRID,
                address="Bankastraat 1",
            )
            for i in range(cars)
        ]
    )
    member_list = list(Member.objects.filter(cooperative=coop).select_related("user", "cooperative").order_by("pk"))
    vehicle_list = list(Vehicle.objects.filter(cooperative=coop).order_by("pk"))
    return coop, member_list, vehicle_list


def local_day(days: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() + dt.timedelta(days=days)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())
