"""deel/mail.py: one way to send e-mail: a template with a subject and a body, in a language, after commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.template import engines

from deel import mail as deel_mail

TEMPLATE = (
    "{% load i18n %}{% block subject %}  {% translate 'Mijn saldo' %} ·\n {{ coop }} {% endblock %}"
    "{% block body %}Hallo {{ name }} & co,\n\n{{ base_url }}/x\n{% endblock %}"
)


@pytest.fixture
def message_template(monkeypatch):
    """A message template served by the real template engine (no file needed)."""
    engine = engines["django"]
    original = engine.get_template

    def get_template(name):
        return engine.from_string(TEMPLATE) if name == "test/email/hello.txt" else original(name)

    monkeypatch.setattr(engine, "get_template", get_template)
    monkeypatch.setattr(deel_mail, "get_template", get_template)
    return "test/email/hello.txt"


def test_subject_is_one_line_and_body_is_not_escaped(message_template, settings):
    settings.DEEL_BASE_URL = "https://deel.example.nl/"
    subject, body = deel_mail.render(message_template, {"coop": "Bomenbuurt", "name": "Anouk"})
    assert subject == "Mijn saldo · Bomenbuurt"
    assert body == "Hallo Anouk & co,\n\nhttps://deel.example.nl/x\n"


def test_rendered_in_the_language_asked_dutch_by_default(message_template):
    assert deel_mail.render(message_template, {"coop": "B", "name": "A"})[0].startswith("Mijn saldo")
    assert deel_mail.render(message_template, {"coop": "B", "name": "A"}, language="en")[0].startswith("My balance")


def test_send_skips_empty_addresses_and_sends_nothing_to_nobody(message_template):
    assert deel_mail.send(template=message_template, context={"coop": "B", "name": "A"}, to=["", ""]) == 0
    assert mail.outbox == []
    assert deel_mail.send(template=message_template, context={"coop": "B", "name": "A"}, to=["a@x.nl", ""]) == 1
    assert [m.to for m in mail.outbox] == [["a@x.nl"]]


def test_send_each_sends_one_personal_message_per_address(message_template):
    sent = deel_mail.send_each(
        template=message_template,
        messages=[("a@x.nl", {"coop": "B", "name": "Anouk"}), ("b@x.nl", {"coop": "B", "name": "Bram"})],
    )
    assert sent == 2
    assert [(m.to, m.body.split(" ")[1]) for m in mail.outbox] == [(["a@x.nl"], "Anouk"), (["b@x.nl"], "Bram")]


def test_a_template_without_both_blocks_is_refused(monkeypatch):
    engine = engines["django"]
    monkeypatch.setattr(deel_mail, "get_template", lambda name: engine.from_string("{% block body %}x{% endblock %}"))
    with pytest.raises(ValueError, match="subject"):
        deel_mail.render("x.txt", {})


class FakeTask:
    def __init__(self):
        self.calls = []

    def delay(self, *args, **kwargs):
        self.calls.append((args, kwargs))


@pytest.mark.django_db(transaction=True)
def test_after_commit_queues_only_when_the_transaction_commits():
    task = FakeTask()
    with pytest.raises(RuntimeError), transaction.atomic():
        deel_mail.after_commit(task, 1, kind="x")
        raise RuntimeError("rolled back")
    assert task.calls == []
    with transaction.atomic():
        deel_mail.after_commit(task, 2, kind="y")
        assert task.calls == []
    assert task.calls == [((2,), {"kind": "y"})]
