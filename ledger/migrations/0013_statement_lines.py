"""Statements become snapshots: StatementLine (each posting on at most one statement) and
SettlementLine.cars (a member's settlement difference explained per car).

Existing statements get their lines, rebuilt in order per member (period end, then number):
the receivable postings dated up to the statement's end that no earlier statement of the
member took and that existed when the statement was made (its transaction created before
the statement row). Each opens at the previous one's closing balance; its closing balance
and amount due become opening + lines. For statements issued in order this keeps every
closing balance and amount due as issued and only corrects an opening balance that missed
a late entry. Settlements posted before this migration get no per-car entries (their figures
cannot be rebuilt faithfully from later books); their statement line shows the total only.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def _kind(source_key):
    prefix = source_key.split(":", 1)[0]
    return prefix if prefix in ("trip", "fee", "expense", "settlement") else "other"


def rebuild_statement_lines(apps, schema_editor):
    Statement = apps.get_model("ledger", "Statement")
    StatementLine = apps.get_model("ledger", "StatementLine")
    Posting = apps.get_model("ledger", "Posting")
    Settlement = apps.get_model("ledger", "Settlement")
    TripCharge = apps.get_model("ledger", "TripCharge")
    db = schema_editor.connection.alias
    statements = list(Statement.objects.using(db).order_by("member_id", "period_end", "period_start", "number", "pk"))
    if not statements:
        return
    settlement_of = dict(
        Settlement.objects.using(db).filter(transaction__isnull=False).values_list("transaction_id", "pk")
    )
    trips = {
        txn_id: (km, minutes, plate)
        for txn_id, km, minutes, plate in TripCharge.objects.using(db)
        .filter(transaction__isnull=False)
        .values_list("transaction_id", "km", "minutes", "vehicle__plate")
    }
    postings = defaultdict(list)
    rows = (
        Posting.objects.using(db)
        .filter(account__purpose="receivable", account__member__isnull=False)
        .order_by("transaction__date", "pk")
        .values_list(
            "pk",
            "account__member_id",
            "amount_cents",
            "transaction_id",
            "transaction__date",
            "transaction__description",
            "transaction__source_key",
            "transaction__created_at",
        )
    )
    for row in rows:
        postings[row[1]].append(row)
    taken = set()
    lines, changed = [], []
    closing_of = {}
    for st in statements:
        opening = closing_of.get(st.member_id, 0)
        total = 0
        for pk, _m, amount, txn_id, date, description, source_key, created_at in postings.get(st.member_id, []):
            if pk in taken or date > st.period_end or created_at > st.created_at:
                continue
            taken.add(pk)
            total += amount
            km, minutes, plate = trips.get(txn_id, (None, None, ""))
            lines.append(
                StatementLine(
                    statement_id=st.pk,
                    posting_id=pk,
                    kind=_kind(source_key),
                    date=date,
                    description=description,
                    amount_cents=amount,
                    plate=plate or "",
                    km=km,
                    minutes=minutes,
                    settlement_id=settlement_of.get(txn_id),
                )
            )
        closing = opening + total
        closing_of[st.member_id] = closing
        if (st.opening_balance_cents, st.closing_balance_cents, st.amount_due_cents) != (opening, closing, closing):
            st.opening_balance_cents, st.closing_balance_cents, st.amount_due_cents = opening, closing, closing
            changed.append(st)
    StatementLine.objects.using(db).bulk_create(lines, batch_size=500)
    Statement.objects.using(db).bulk_update(
        changed, ["opening_balance_cents", "closing_balance_cents", "amount_due_cents"], batch_size=500
    )


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0012_ledger_events'),
        ('members', '0003_verbose_names_for_admin'),
        ('vehicles', '0004_vehicle_event_guards'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatementLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('trip', 'Rit'), ('fee', 'Contributie'), ('expense', 'Declaratie'), ('settlement', 'Nacalculatie'), ('other', 'Betaling of overige boeking')], max_length=10, verbose_name='soort')),
                ('date', models.DateField(verbose_name='datum')),
                ('description', models.CharField(max_length=200, verbose_name='omschrijving')),
                ('amount_cents', models.BigIntegerField(verbose_name='bedrag (centen)')),
                ('plate', models.CharField(blank=True, max_length=12, verbose_name='kenteken')),
                ('km', models.PositiveIntegerField(blank=True, null=True, verbose_name='km')),
                ('minutes', models.PositiveIntegerField(blank=True, null=True, verbose_name='minuten')),
                ('posting', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='statement_line', to='ledger.posting')),
                ('settlement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='statement_lines', to='ledger.settlement')),
                ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='ledger.statement')),
            ],
            options={
                'verbose_name': 'afschriftregel',
                'verbose_name_plural': 'afschriftregels',
                'ordering': ['date', 'posting_id'],
            },
        ),
        migrations.AddField(
            model_name='settlementline',
            name='cars',
            field=models.JSONField(blank=True, default=list, verbose_name='per auto'),
        ),
        migrations.RunPython(rebuild_statement_lines, migrations.RunPython.noop, elidable=True),
    ]
