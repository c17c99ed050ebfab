"""Benchmark: import a 10,000-line bank statement (CAMT.053), matching included.

Target (bench/README.md): under 10 s on PostgreSQL, and a re-import of the same file
(every line a duplicate) adds nothing. Run: `.venv/bin/python bench/bank_import.py`
(DATABASE_URL, default postgres://postgres@127.0.0.1:5432/deel_bench, created if missing;
its tables are migrated and a fresh benchmark cooperative is made on each run).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/deel_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deel.settings.local")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "False")  # measured as production runs: no per-query debug logging

LINES = 10_000
MEMBERS = 500
TARGET_SECONDS = 10.0


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from schwifty import IBAN

    call_command("migrate", verbosity=0)

    from deel.demo.payments import camt053_document
    from ledger.models import AccountPurpose, Statement
    from ledger.services import Line, account_for, transaction_post
    from members.models import Cooperative, Member, MemberStatus, User
    from payments.models import BankLine, BankLineStatus
    from payments.services import bank_import_file

    rng = random.Random(10_000)
    stamp = time.strftime("%Y%m%d%H%M%S")
    coop = Cooperative.objects.create(
        name=f"Bench {stamp}", slug=f"bench-{stamp}", city="Den Haag", iban="NL91ABNA0417164300"
    )
    users = User.objects.bulk_create(
        [User(email=f"bench-{stamp}-{i}@example.nl", first_name="Lid", last_name=str(i)) for i in range(MEMBERS)]
    )
    now = timezone.now()
    members = Member.objects.bulk_create(
        [
            Member(
                cooperative=coop,
                user=u,
                number=i + 1,
                status=MemberStatus.ACTIVE,
                street="Lindelaan 1",
                postal_code="2564 AB",
                city="Den Haag",
                iban=IBAN.generate("NL", bank_code="INGB", account_code=f"{1_000_000 + i:010d}").compact,
                admitted_at=now,
            )
            for i, u in enumerate(users)
        ]
    )
    income = account_for(cooperative=coop, purpose=AccountPurpose.USAGE_INCOME)
    today = timezone.localdate()
    statements = []
    for i, m in enumerate(members):
        receivable = account_for(cooperative=coop, purpose=AccountPurpose.RECEIVABLE, member=m)
        transaction_post(
            cooperative=coop,
            date=today,
            description="Ritten",
            source_key=f"bench:{m.pk}",
            lines=[Line(account=receivable, amount_cents=50_000), Line(account=income, amount_cents=-50_000)],
        )
        statements.append(
            Statement(
                cooperative=coop,
                member=m,
                number=f"B{i:06d}",
                period_start=dt.date(2026, 1, 1),
                period_end=dt.date(2026, 3, 31),
                opening_balance_cents=0,
                closing_balance_cents=50_000,
                amount_due_cents=50_000,
                payment_reference=f"BENCH{stamp[-6:]}{i:05d}",
                issued_at=now,
            )
        )
    Statement.objects.bulk_create(statements)

    lines = []
    for n in range(LINES):
        kind = rng.random()
        i = rng.randrange(MEMBERS)
        cents = rng.randint(100, 20_000)
        if kind < 0.6:  # transfer with the statement's payment reference
            text, iban = f"Betaling afschrift {statements[i].payment_reference}", f"NL{rng.randint(10, 99)}RABO{n:010d}"
        elif kind < 0.85:  # known IBAN, free text
            text, iban = "autodelen", members[i].iban
        elif kind < 0.95:  # nobody: goes to the queue
            text, iban = "gift", f"NL{rng.randint(10, 99)}TRIO{n:010d}"
        else:  # an outgoing payment
            text, iban, cents = "factuur garage", "NL66ASNB0707070707", -cents
        lines.append(
            {
                "date": today,
                "cents": cents,
                "name": f"Tegenpartij {n}",
                "iban": iban,
                "text": text,
                "ref": f"{stamp}-{n:06d}",
            }
        )
    data = camt053_document(account_iban="NL91ABNA0417164300", opening_cents=1_000_000, lines=lines)
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}), file: {len(data) / 1e6:.1f} MB, "
        f"{LINES} lines, {MEMBERS} members"
    )

    profiler = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    result = bank_import_file(cooperative=coop, data=data, filename="bench.xml", by=None)
    first = time.perf_counter() - started
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    started = time.perf_counter()
    again = bank_import_file(cooperative=coop, data=data, filename="bench.xml", by=None)
    second = time.perf_counter() - started

    queued = BankLine.objects.filter(cooperative=coop, status=BankLineStatus.QUEUED).count()
    print(
        f"import:   {first:6.2f} s  ({result.new_count} new, {result.matched_count} matched, "
        f"{result.queued_count} queued, {LINES / first:,.0f} lines/s)"
    )
    print(f"re-import:{second:6.2f} s  ({again.new_count} new)")
    checks = [
        (f"10,000-line import with matching under {TARGET_SECONDS:.0f} s", first < TARGET_SECONDS),
        ("re-import adds nothing", again.new_count == 0 and BankLine.objects.filter(cooperative=coop).count() == LINES),
        (
            "every incoming line matched or queued",
            result.matched_count + queued == sum(1 for x in lines if x["cents"] > 0),
        ),
    ]
    ok = True
    for label, passed in checks:
        ok &= passed
        print(f"{'PASS' if passed else 'FAIL'}  {label}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
