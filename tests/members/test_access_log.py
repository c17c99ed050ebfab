"""Who viewed or changed a member's personal data: logged where it is shown, readable by
the member concerned and by the audit committee (AVG art. 5 lid 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from deel import privacy
from members.models import AccessAction, PersonalDataAccess
from tests.members.factories import build_world

pytestmark = pytest.mark.django_db


def test_the_board_opening_a_members_page_is_logged_and_the_member_reads_it(client):
    world = build_world()
    subject, board = world.people["member"], world.people["board"]
    client.force_login(board.user)
    client.get(reverse("members:detail", kwargs={"coop": world.coop.slug, "pk": subject.pk}))
    access = PersonalDataAccess.objects.get(member=subject)
    assert (access.user, access.action) == (board.user, AccessAction.VIEWED)
    assert "IBAN" in access.fields and "rijbewijs" in access.fields
    client.force_login(subject.user)
    html = client.get(reverse("my_data", kwargs={"coop": world.coop.slug})).content.decode()
    assert "Wie je gegevens bekeek of wijzigde" in html and board.name in html
    records = next(s for s in privacy.member_data_json(subject)["sections"] if s["key"] == "data_accesses")
    assert records["records"][0]["action"] == "viewed"


def test_the_list_with_addresses_logs_each_member_shown_the_plain_list_nothing(client):
    world = build_world()
    url = reverse("members:list", kwargs={"coop": world.coop.slug})
    client.force_login(world.people["member"].user)
    client.get(url)
    assert not PersonalDataAccess.objects.exists()  # a member sees names only
    treasurer = world.people["treasurer"]
    client.force_login(treasurer.user)
    client.get(url)
    logged = set(PersonalDataAccess.objects.values_list("member_id", flat=True))
    assert world.people["board"].pk in logged and treasurer.pk not in logged  # one's own look is not logged


def test_only_the_audit_committee_reads_the_whole_log(client):
    world = build_world()
    client.force_login(world.people["board"].user)
    client.get(reverse("members:detail", kwargs={"coop": world.coop.slug, "pk": world.people["member"].pk}))
    url = reverse("members:access_log", kwargs={"coop": world.coop.slug})
    for role in ("member", "board", "treasurer"):
        client.force_login(world.people[role].user)
        assert client.get(url).status_code == 403
    client.force_login(world.people["audit"].user)
    html = client.get(url).content.decode()
    assert world.people["member"].name in html and world.people["board"].name in html


def test_the_admin_logs_views_and_changes(admin_client):
    world = build_world()
    subject = world.people["member"]
    url = reverse("admin:members_member_change", args=[subject.pk])
    assert admin_client.get(url).status_code == 200
    assert PersonalDataAccess.objects.filter(member=subject, action=AccessAction.VIEWED).exists()
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name, value in form.initial.items():
        if value is None:
            continue
        if isinstance(value, dt.datetime):  # the admin splits date and time
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.strftime("%d-%m-%Y"), local.strftime("%H:%M:%S")
        elif isinstance(value, dt.date):
            data[name] = value.strftime("%d-%m-%Y")
        else:
            data[name] = value
    data.update({"street": "Nieuwe Straat 1", "cooperative": subject.cooperative_id, "user": subject.user_id})
    data.update(
        {
            f"{prefix}-{key}": value
            for prefix in ("roles", "events")
            for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [
            (fs.formset.prefix, fs.formset.errors, fs.formset.non_form_errors())
            for fs in response.context["inline_admin_formsets"]
        ],
    )
    changed = PersonalDataAccess.objects.filter(member=subject, action=AccessAction.CHANGED).first()
    assert changed is not None and "straat" in changed.fields.lower()


def test_the_treasurers_payment_pages_log_whose_payment_data_they_showed(client):
    """Batch (IBAN, mandate, amount), its file (a download), a bank statement and the arrears list."""
    from payments.services import sepa_batch_create
    from payments.target_days import next_target_business_day
    from tests.payments.factories import charge, mandate, statement

    world = build_world()
    coop, payer, treasurer = world.coop, world.people["member"], world.people["treasurer"]
    coop.iban, coop.sepa_creditor_id = "NL20INGB0001234567", "NL79ZZZ999999990000"
    coop.save(update_fields=["iban", "sepa_creditor_id"])
    charge(payer, 2_500, billed=True)
    mandate(payer)
    day = next_target_business_day(timezone.localdate() + dt.timedelta(days=20))
    batch = sepa_batch_create(cooperative=coop, collection_date=day, by=treasurer)
    client.force_login(treasurer.user)
    kw = {"coop": coop.slug, "pk": batch.pk}
    client.get(reverse("payments:batch", kwargs=kw))
    client.get(reverse("payments:batch_file", kwargs=kw))
    logged = list(PersonalDataAccess.objects.filter(member=payer).values_list("user_id", "action", "fields"))
    assert (treasurer.user.pk, AccessAction.VIEWED) in [(u, a) for u, a, _f in logged]
    assert (treasurer.user.pk, AccessAction.EXPORTED) in [(u, a) for u, a, _f in logged]
    assert all("IBAN" in fields for _u, _a, fields in logged)

    late = world.people["board"]
    charge(late, 4_000)
    statement(late, reference="LATE-1", due_cents=4_000, issued_at=timezone.now() - dt.timedelta(days=40))
    client.get(reverse("payments:arrears", kwargs={"coop": coop.slug}))
    assert PersonalDataAccess.objects.filter(member=late, user=treasurer.user, place="achterstanden").exists()
