"""The statement PDF's sender and payment instruction: due date, address, KvK, direct debit wording."""

import datetime as dt
import io
import re

import pytest
import time_machine
from pypdf import PdfReader

from ledger.services import statements_issue
from reports.statements import statement_pdf, statement_pdfs
from tests.factories import CooperativeFactory, MemberFactory
from tests.payments.factories import charge, mandate

ISSUED = dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC)


def text_of(pdf: bytes) -> str:
    """The PDF's text with line breaks folded, as a reader follows a sentence."""
    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", raw)


@pytest.fixture
def coop(db):
    return CooperativeFactory(
        name="DEEL Testbuurt",
        city="Den Haag",
        street="Laan van Meerdervoort 210",
        postal_code="2563 AB",
        kvk_number="90123456",
        iban="NL91ABNA0417164300",
    )


def issue(member, cents: int = 1_138):
    charge(member, cents, date=dt.date(2026, 11, 10))
    with time_machine.travel(ISSUED, tick=False):
        (statement,) = statements_issue(
            cooperative=member.cooperative,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            members=[member],
        )
    return statement


def test_statement_names_the_sender_address_kvk_and_the_due_date(coop):
    statement = issue(MemberFactory(cooperative=coop))
    seen = text_of(statement_pdf(statement))
    assert "Laan van Meerdervoort 210, 2563 AB Den Haag" in seen
    assert "KvK 90123456" in seen
    assert "Te betalen vóór 15 dec 2026" in seen  # issued 1 December + 14 days
    assert "Te betalen: € 11,38 vóór 15 dec 2026. Maak het bedrag over naar NL91 ABNA 0417 1643 00" in seen
    assert statement.payment_reference in seen


def test_the_due_date_follows_the_cooperatives_payment_term(coop):
    coop.payment_term_days = 30
    coop.save()
    seen = text_of(statement_pdf(issue(MemberFactory(cooperative=coop))))
    assert "Te betalen vóór 31 dec 2026" in seen


def test_a_mandate_holder_is_told_the_collection_date_never_to_transfer(coop):
    member = MemberFactory(cooperative=coop)
    mandate(member, iban="NL44RABO0123456789")
    seen = text_of(statement_pdf(issue(member)))
    assert "Wordt geïncasseerd op 15 dec 2026 van je rekening die eindigt op 6789" in seen
    assert "Maak" not in seen and "maak" not in seen


def test_many_statements_at_once_carry_the_same_instructions(coop):
    holder = MemberFactory(cooperative=coop)
    mandate(holder)
    other = MemberFactory(cooperative=coop)
    statements = [issue(holder), issue(other, 2_000)]
    pdfs = dict(statement_pdfs(statements, workers=1))
    assert "Wordt geïncasseerd op" in text_of(pdfs[statements[0].pk])
    assert "Maak het bedrag over" in text_of(pdfs[statements[1].pk])


def test_without_address_or_kvk_the_footer_names_the_cooperative(db):
    coop = CooperativeFactory(name="DEEL Kaal", iban="NL91ABNA0417164300")
    seen = text_of(statement_pdf(issue(MemberFactory(cooperative=coop))))
    assert "DEEL Kaal" in seen and "KvK" not in seen
