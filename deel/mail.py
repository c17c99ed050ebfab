"""E-mail, sent one way by every app.

An app's `emails.py` has one function per message: it loads what the message needs and
calls `send()`. The message is a template `<app>/email/<name>.txt` with two blocks,
`subject` (one line) and `body`, rendered in the recipient's language (Dutch unless
another is given). The Celery task that sends it is thin and calls the `emails.py`
function; a service queues that task with `after_commit()`, so nothing is sent for a
transaction that rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils import translation


def render(template_name: str, context: dict[str, Any], *, language: str | None = None) -> tuple[str, str]:
    """(subject, body) of a message template, rendered in `language` (default: the site's, Dutch)."""
    template = get_template(template_name).template  # type: ignore[attr-defined]  # the engine's Template: its blocks
    blocks = {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}
    if "subject" not in blocks or "body" not in blocks:
        raise ValueError(f"{template_name} needs a subject and a body block")
    with translation.override(language or settings.LANGUAGE_CODE):
        ctx = Context({"base_url": settings.DEEL_BASE_URL.rstrip("/"), **context}, autoescape=False)
        with ctx.bind_template(template):
            subject = " ".join(blocks["subject"].render(ctx).split())
            body = blocks["body"].render(ctx).strip() + "\n"
    return subject, body


def send(
    *,
    template: str,
    context: dict[str, Any],
    to: Sequence[str],
    language: str | None = None,
    connection: Any = None,
) -> int:
    """Render the template and send one message to the addresses `to` (all visible to each
    other: use `send_each` for one message per person). Returns 1 when sent, 0 when there
    is nobody to send it to."""
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    subject, body = render(template, context, language=language)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, connection=connection)
    return message.send()


def send_each(
    *,
    template: str,
    messages: Iterable[tuple[str, dict[str, Any]]],
    language: str | None = None,
) -> int:
    """One message per (address, context), over one connection; returns how many were sent."""
    with get_connection() as connection:
        return sum(
            send(template=template, context=context, to=[address], language=language, connection=connection)
            for address, context in messages
        )


def after_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue the Celery `task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(_delay(task, args, kwargs))


def _delay(task: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Callable[[], None]:
    return lambda: task.delay(*args, **kwargs)
