"""The SEPA rules a bank checks in a pain.008 file and the scheme sets for its dates: the creditor
identifier's check digits, IBAN-only (no BIC), TARGET business days, the SEPA character set and
identifications, and the pre-notification period the mandate states."""

import datetime as dt

import pytest
from django.urls import reverse
from lxml import etree

from deel.formats import format_date
from payments.errors import CreditorIdInvalid, SepaExportError
from payments.gateways.pain008 import Debit, build_pain008, sepa_text
from payments.models import PaymentSettings, PaymentSettingsChange, SepaBatch
from payments.selectors import earliest_collection_date
from payments.services import mandate_sign, payment_settings_update, sepa_batch_create
from payments.target_days import is_target_business_day, next_target_business_day
from tests.factories import PASSWORD, MemberFactory

from .factories import charge, mandate
from .pain008_checks import assert_valid_pain008, pain008_problems

TODAY = dt.date(2026, 11, 16)  # a Monday
VALID_CREDITOR_ID = "NL79ZZZ999999990000"


def ns(xml: bytes) -> dict[str, str]:
    return {"p": etree.fromstring(xml).nsmap[None]}


def login(client, member):
    assert client.login(email=member.user.email, password=PASSWORD)


@pytest.fixture
def debtor(coop):
    m = MemberFactory(cooperative=coop)
    charge(m, 12_345, billed=True)
    mandate(m, iban="NL44RABO0123456789")
    return m


# Creditor identifier (incassant-ID)


@pytest.mark.parametrize("typed", ["NL79ZZZ999999990000", "nl79 zzz 9999 9999 0000", "DE98ZZZ09999999999"])
def test_a_valid_creditor_id_is_saved_compact(coop, treasurer, typed):
    coop.sepa_creditor_id = ""
    coop.save(update_fields=["sepa_creditor_id"])
    payment_settings_update(cooperative=coop, by=treasurer, sepa_creditor_id=typed)
    coop.refresh_from_db()
    assert coop.sepa_creditor_id == typed.replace(" ", "").upper()
    assert "sepa_creditor_id" in PaymentSettingsChange.objects.get().changed


@pytest.mark.parametrize(
    "typed", ["NL98ZZZ999999990000", "NL79ZZZ99999999000", "NL79ZZZ9999999900001", "NL91ABNA0417164300"]
)
def test_a_creditor_id_with_wrong_check_digits_or_length_is_refused(coop, treasurer, typed):
    before = coop.sepa_creditor_id
    with pytest.raises(CreditorIdInvalid) as err:
        payment_settings_update(cooperative=coop, by=treasurer, sepa_creditor_id=typed, prenotification_days=9)
    assert err.value.value == typed
    coop.refresh_from_db()
    assert coop.sepa_creditor_id == before
    assert not PaymentSettings.objects.filter(cooperative=coop, prenotification_days=9).exists()  # nothing changed
    assert PaymentSettingsChange.objects.count() == 0


def test_the_settings_form_shows_a_dutch_error_for_a_wrong_creditor_id(client, coop, treasurer):
    login(client, treasurer)
    url = reverse("payments:settings", kwargs={"coop": coop.slug})
    data = {"pain_version": "pain.008.001.02", "prenotification_days": "14", "bic": ""}
    bad = client.post(url, {**data, "sepa_creditor_id": "NL12ZZZ999999990000"})
    assert bad.status_code == 200
    assert str(CreditorIdInvalid.MESSAGE) in bad.content.decode()
    ok = client.post(url, {**data, "sepa_creditor_id": "nl79zzz999999990000"})
    assert ok.status_code == 302
    coop.refresh_from_db()
    assert coop.sepa_creditor_id == VALID_CREDITOR_ID and coop.bic == ""


def test_an_export_with_a_wrong_stored_creditor_id_is_refused(coop, treasurer, debtor):
    coop.sepa_creditor_id = "NL98ZZZ999999990000"  # typed in before the check existed
    coop.save(update_fields=["sepa_creditor_id"])
    with pytest.raises(SepaExportError, match="incassant-ID"):
        sepa_batch_create(cooperative=coop, collection_date=dt.date(2026, 11, 30), by=treasurer, today=TODAY)
    assert SepaBatch.objects.count() == 0


# IBAN only: the BIC is optional since February 2016


@pytest.mark.parametrize("version", ["pain.008.001.02", "pain.008.001.08"])
def test_export_works_without_a_creditor_bic(coop, treasurer, debtor, version):
    coop.bic = ""
    coop.save(update_fields=["bic"])
    PaymentSettings.objects.create(cooperative=coop, pain_version=version)
    debtor.mandates.update(bic="")

    batch = sepa_batch_create(cooperative=coop, collection_date=dt.date(2026, 11, 30), by=treasurer, today=TODAY)

    xml = batch.xml.encode()
    assert_valid_pain008(xml)
    tree = etree.fromstring(xml)
    for agent in ("p:CstmrDrctDbtInitn/p:PmtInf/p:CdtrAgt", ".//p:DrctDbtTxInf/p:DbtrAgt"):
        assert tree.findtext(f"{agent}/p:FinInstnId/p:Othr/p:Id", namespaces=ns(xml)) == "NOTPROVIDED"
    assert b"<BIC>" not in xml and b"<BICFI>" not in xml


# TARGET business days


def test_target_calendar():
    assert not is_target_business_day(dt.date(2026, 12, 25))  # Christmas
    assert not is_target_business_day(dt.date(2026, 12, 26))  # a Saturday, and Boxing Day
    assert not is_target_business_day(dt.date(2027, 3, 26))  # Good Friday
    assert not is_target_business_day(dt.date(2027, 3, 29))  # Easter Monday
    assert not is_target_business_day(dt.date(2026, 5, 1))  # Labour Day
    assert is_target_business_day(dt.date(2026, 4, 27))  # King's Day is no TARGET holiday
    assert next_target_business_day(dt.date(2027, 3, 26)) == dt.date(2027, 3, 30)
    assert next_target_business_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 24)


@pytest.mark.parametrize(
    ("today", "requested", "used"),
    [
        (dt.date(2026, 12, 1), dt.date(2026, 12, 25), dt.date(2026, 12, 28)),  # Christmas, then a weekend
        (dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 1, 4)),  # New Year's Day
        (dt.date(2027, 3, 1), dt.date(2027, 3, 26), dt.date(2027, 3, 30)),  # Good Friday and Easter Monday
        (dt.date(2026, 11, 16), dt.date(2026, 12, 5), dt.date(2026, 12, 7)),  # a Saturday
    ],
)
def test_a_collection_date_on_a_target_holiday_moves_to_the_next_business_day(
    coop, treasurer, debtor, today, requested, used
):
    batch = sepa_batch_create(cooperative=coop, collection_date=requested, by=treasurer, today=today)

    assert batch.collection_date == used
    xml = batch.xml.encode()
    assert etree.fromstring(xml).findtext(".//p:ReqdColltnDt", namespaces=ns(xml)) == used.isoformat()
    assert batch.collections.get().payment.paid_on == used


def test_the_earliest_date_is_a_target_business_day_after_the_prenotification(coop):
    PaymentSettings.objects.create(cooperative=coop, prenotification_days=2)
    # 23 December + 2 days is Christmas; the 26th and 27th are a weekend.
    assert earliest_collection_date(cooperative=coop, today=dt.date(2026, 12, 23)) == dt.date(2026, 12, 28)
    PaymentSettings.objects.filter(cooperative=coop).update(prenotification_days=1)
    # The scheme's lead time is one TARGET business day: exported on Christmas Eve, collected on the 28th.
    assert earliest_collection_date(cooperative=coop, today=dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)


def test_the_treasurer_sees_the_date_that_will_be_used(client, coop, treasurer, debtor, monkeypatch):
    import django.utils.timezone as tz

    monkeypatch.setattr(tz, "localdate", lambda *a, **k: dt.date(2026, 12, 1))
    login(client, treasurer)
    page = client.get(reverse("payments:sepa", kwargs={"coop": coop.slug})).content.decode()
    assert format_date(dt.date(2026, 12, 15)) in page  # 1 December + 14 days, a Tuesday
    response = client.post(
        reverse("payments:sepa", kwargs={"coop": coop.slug}), {"collection_date": "2026-12-25", "confirmed": "1"}
    )
    batch = SepaBatch.objects.get()
    assert batch.collection_date == dt.date(2026, 12, 28)
    shown = client.get(response["Location"]).content.decode()
    assert format_date(dt.date(2026, 12, 28)) in shown and format_date(dt.date(2026, 12, 25)) in shown


# SEPA character set and identifications


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Jürgen Groß-Ødegård", "Jurgen Gross-Odegard"),
        ("Coöperatie Élan & Zoon", "Cooperatie Elan + Zoon"),
        ("Ĳsselmonde «Æsir» straße_1 #2 @home", "IJsselmonde AEsir strasse 1 2 home"),
        ("O'Brien (née Šťastná), 3/4", "O'Brien (nee Stastna), 3/4"),
        ("  twee   spaties\tén tab ", "twee spaties en tab"),
        ("€ 12,50 – saldo", "EUR 12,50 - saldo"),
    ],
)
def test_sepa_text_transliterates(raw, clean):
    assert sepa_text(raw, 70) == clean


def test_every_text_in_the_file_is_in_the_sepa_character_set(coop, treasurer):
    coop.name = "Coöperatie Élan & Zoon — Bomenbuurt"
    coop.save(update_fields=["name"])
    m = MemberFactory(cooperative=coop)
    charge(m, 2_500, billed=True)
    holder = mandate(m)
    holder.account_holder = "Jürgen Groß-Ødegård " + "ë" * 50
    holder.save(update_fields=["account_holder"])

    batch = sepa_batch_create(cooperative=coop, collection_date=dt.date(2026, 11, 30), by=treasurer, today=TODAY)

    xml = batch.xml.encode()
    assert_valid_pain008(xml)
    tree = etree.fromstring(xml)
    names = [e.text for e in tree.iterfind(".//p:Nm", namespaces=ns(xml))]
    assert "Cooperatie Elan + Zoon - Bomenbuurt" in names
    debtor_name = tree.findtext(".//p:Dbtr/p:Nm", namespaces=ns(xml))
    assert debtor_name.startswith("Jurgen Gross-Odegard ee") and len(debtor_name) == 70


def test_identifications_are_stable_and_within_the_rules(coop, treasurer):
    first, recurring = MemberFactory(cooperative=coop), MemberFactory(cooperative=coop)
    for m in (first, recurring):
        charge(m, 1_000, billed=True)
    mandate(first)
    mandate(recurring, last_used_on=dt.date(2026, 10, 1))

    batch = sepa_batch_create(cooperative=coop, collection_date=dt.date(2026, 11, 30), by=treasurer, today=TODAY)

    xml = batch.xml.encode()
    assert pain008_problems(xml) == []
    tree = etree.fromstring(xml)
    blocks = {
        p.findtext("p:PmtTpInf/p:SeqTp", namespaces=ns(xml)): p.findtext("p:PmtInfId", namespaces=ns(xml))
        for p in tree.iterfind("p:CstmrDrctDbtInitn/p:PmtInf", namespaces=ns(xml))
    }
    assert blocks == {"FRST": f"{batch.message_id}-FRST", "RCUR": f"{batch.message_id}-RCUR"}
    for collection in batch.collections.all():
        assert collection.payment_info_id == f"{batch.message_id}-{collection.sequence_type}"
        assert collection.end_to_end_id == f"{batch.message_id}-{collection.member_id}"
    assert tree.findtext(".//p:GrpHdr/p:MsgId", namespaces=ns(xml)) == batch.message_id


def test_the_gateway_refuses_an_identification_outside_the_rules():
    debit = Debit(
        name="A",
        iban="NL44RABO0123456789",
        bic="",
        amount_cents=100,
        sequence_type="FRST",
        mandate_reference="/DEEL//1",
        mandate_signed_on=dt.date(2026, 1, 1),
        description="x",
        end_to_end_id="E2E-1",
    )
    from payments.gateways.pain008 import PainInvalid

    with pytest.raises(PainInvalid, match="MndtId"):
        build_pain008(
            version="pain.008.001.02",
            message_id="MSG-1",
            creditor_name="C",
            creditor_iban="NL91ABNA0417164300",
            creditor_bic="",
            creditor_id=VALID_CREDITOR_ID,
            collection_date=dt.date(2026, 11, 30),
            debits=[debit],
        )


# Pre-notification: 14 days unless agreed otherwise, stated in the mandate


def test_the_prenotification_period_defaults_to_14_days(coop, treasurer, debtor):
    assert PaymentSettings(cooperative=coop).prenotification_days == 14
    assert earliest_collection_date(cooperative=coop, today=TODAY) == dt.date(2026, 11, 30)
    with pytest.raises(SepaExportError, match="14 dagen"):
        sepa_batch_create(cooperative=coop, collection_date=dt.date(2026, 11, 27), by=treasurer, today=TODAY)


def test_the_mandate_text_states_the_agreed_period(client, coop, member):
    login(client, member)
    page = client.get(reverse("payments:mandate", kwargs={"coop": coop.slug})).content.decode()
    assert "uiterlijk 14 dagen vóór elke incasso" in page
    PaymentSettings.objects.create(cooperative=coop, prenotification_days=5)
    page = client.get(reverse("payments:mandate", kwargs={"coop": coop.slug})).content.decode()
    assert "uiterlijk 5 dagen vóór elke incasso" in page
    signed = mandate_sign(member=member, iban="NL44RABO0123456789", account_holder="A de Vries", agree=True)
    assert signed.prenotification_days == 5
    page = client.get(reverse("payments:mandate", kwargs={"coop": coop.slug})).content.decode()
    assert "5 dagen" in page


def test_a_shorter_period_does_not_shorten_what_earlier_mandates_agreed(coop, treasurer, debtor):
    later = MemberFactory(cooperative=coop)
    assert debtor.mandates.get().prenotification_days == 14  # signed under the default
    payment_settings_update(cooperative=coop, by=treasurer, prenotification_days=5)
    charge(later, 500, billed=True)
    mandate(later, prenotification_days=5)
    # The batch holds a mandate that agreed 14 days: 5 days is too soon for it.
    assert earliest_collection_date(cooperative=coop, today=TODAY) == dt.date(2026, 11, 30)
    with pytest.raises(SepaExportError, match="14 dagen"):
        sepa_batch_create(cooperative=coop, collection_date=dt.date(2026, 11, 23), by=treasurer, today=TODAY)


def test_the_prenotification_mail_names_the_date_used(
    coop, treasurer, debtor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sepa_batch_create(
            cooperative=coop, collection_date=dt.date(2026, 12, 25), by=treasurer, today=dt.date(2026, 12, 1)
        )
    (mail,) = mailoutbox
    assert format_date(dt.date(2026, 12, 28)) in mail.body and format_date(dt.date(2026, 12, 25)) not in mail.body


def test_the_platform_admin_form_checks_the_creditor_id(coop):
    from django.forms.models import model_to_dict

    from members.admin import CooperativeAdminForm

    data = {k: v for k, v in model_to_dict(coop).items() if v is not None and k != "logo"}
    bad = CooperativeAdminForm(data={**data, "sepa_creditor_id": "NL98ZZZ999999990000"}, instance=coop)
    assert not bad.is_valid() and list(bad.errors) == ["sepa_creditor_id"]
    good = CooperativeAdminForm(data={**data, "sepa_creditor_id": "nl79 zzz 999999990000"}, instance=coop)
    assert good.is_valid(), good.errors
    assert good.cleaned_data["sepa_creditor_id"] == VALID_CREDITOR_ID


def test_the_migration_moves_the_old_default_to_14_days_and_keeps_a_chosen_period(coop):
    import importlib

    from django.apps import apps

    from tests.factories import CooperativeFactory

    migration = importlib.import_module("payments.migrations.0008_sepa_prenotification")
    untouched = PaymentSettings.objects.create(cooperative=coop, prenotification_days=5)
    chosen = PaymentSettings.objects.create(cooperative=CooperativeFactory(), prenotification_days=7)
    migration.settings_to_rulebook_default(apps, None)
    untouched.refresh_from_db(), chosen.refresh_from_db()
    assert (untouched.prenotification_days, chosen.prenotification_days) == (14, 7)


def test_the_export_command_says_which_date_it_used(coop, debtor, tmp_path, monkeypatch):
    from io import StringIO

    import django.utils.timezone as tz
    from django.core.management import call_command

    monkeypatch.setattr(tz, "localdate", lambda *a, **k: dt.date(2026, 12, 1))
    out, stdout = tmp_path / "incasso.xml", StringIO()
    call_command("sepa_export", "--coop", coop.slug, "--collection-date", "2026-12-25", "-o", str(out), stdout=stdout)
    assert "collection date 2026-12-28 (2026-12-25 is no TARGET business day)" in stdout.getvalue()
    assert_valid_pain008(out.read_bytes())


def test_the_collection_day_a_member_is_told_skips_target_holidays_and_the_14_days():
    from payments.selectors import collection_day

    # Due on Christmas: collected on the next TARGET business day.
    assert collection_day(due_on=dt.date(2026, 12, 25), earliest=dt.date(2026, 12, 18)) == dt.date(2026, 12, 28)
    # Due before the 14 days are over: collected when they are.
    assert collection_day(due_on=dt.date(2026, 12, 15), earliest=dt.date(2026, 12, 18)) == dt.date(2026, 12, 18)
