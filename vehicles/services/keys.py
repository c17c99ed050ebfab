"""Key boxes: setting one up, rotating its secret, the codes of a time window and their
revocation (the scheme is vehicles.keycodes, explained in docs/sleutelkast.md).

The secret is generated here, stored encrypted (deel.encryption) and handed back once, to
the caretaker who programs it into the box; it is never shown again. Codes are derived
on demand and never stored. Every change is in the car's history (VehicleEvent).
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deel.encryption import decrypt_bytes, encrypt_bytes
from members.models import Member

from .. import keycodes
from .. import permissions as perms
from ..errors import InvalidVehicle, NotAllowed
from ..models import KeyBox, KeyCodeRevocation, Vehicle, VehicleEventKind
from .history import event_record

KEYBOX_FIELDS = ("kind", "box_id", "location", "digits", "step_minutes")


@dataclass(frozen=True)
class ProvisionedSecret:
    """A fresh secret for the caretaker to program into the box (shown once)."""

    box: KeyBox
    secret_hex: str
    secret_base32: str


def _provision(box: KeyBox) -> ProvisionedSecret:
    raw = secrets.token_bytes(keycodes.SECRET_BYTES)
    box.secret_encrypted = encrypt_bytes(raw)
    return ProvisionedSecret(box=box, secret_hex=raw.hex(), secret_base32=base64.b32encode(raw).decode())


def _require(member: Member, vehicle: Vehicle) -> None:
    if member.cooperative_id != vehicle.cooperative_id or not perms.can_manage_key_box(member, vehicle):
        raise NotAllowed(_("Alleen de autobeheerder en het bestuur beheren de sleutelkast van deze auto."))


@transaction.atomic
def keybox_set(
    *,
    vehicle: Vehicle,
    by: Member,
    kind: str,
    box_id: str,
    location: str = "",
    digits: int = keycodes.DIGITS,
    step_minutes: int = keycodes.STEP_SECONDS // 60,
) -> ProvisionedSecret | KeyBox:
    """Give a car a key box, or change its details. A new box gets a secret: returned as a
    ProvisionedSecret (program it into the box now). Changing the box number, the digits
    or the time step changes every code, so the secret is renewed then too."""
    _require(by, vehicle)
    box_id = (box_id or "").strip()
    if not box_id or not box_id.isascii() or " " in box_id:
        raise InvalidVehicle(_("Vul het kastnummer in (letters en cijfers, zonder spaties)."))
    box = KeyBox.objects.filter(vehicle=vehicle).select_for_update().first()
    created = box is None
    before = {} if box is None else {name: getattr(box, name) for name in KEYBOX_FIELDS}
    box = box or KeyBox(vehicle=vehicle)
    box.kind, box.box_id, box.location = kind, box_id, location.strip()
    box.digits, box.step_minutes = digits, step_minutes
    changed = {
        name: [before.get(name), getattr(box, name)] for name in KEYBOX_FIELDS if before.get(name) != getattr(box, name)
    }
    renew = created or any(name in changed for name in ("box_id", "digits", "step_minutes"))
    provisioned = _provision(box) if renew else None
    if renew and not created:
        box.secret_version += 1
        box.rotated_at = timezone.now()
    box.full_clean(exclude=["vehicle", "secret_encrypted"])
    try:
        with transaction.atomic():
            box.save()
    except IntegrityError:
        raise InvalidVehicle(_("Dit kastnummer is al in gebruik bij een andere auto.")) from None
    event_record(
        vehicle=vehicle,
        kind=VehicleEventKind.KEYBOX_SET,
        by=by,
        summary=_("Sleutelkast %(box)s ingesteld") % {"box": box.box_id},
        changes=changed,
    )
    return provisioned or box


@transaction.atomic
def keybox_rotate_secret(*, box: KeyBox, by: Member) -> ProvisionedSecret:
    """Replace the box's secret (the caretaker programs the new one into the box at once).
    Every code from the old secret stops working at the box; members see their new code
    on the booking page. Recorded in the car's history (not the secret itself)."""
    _require(by, box.vehicle)
    locked = KeyBox.objects.select_for_update().get(pk=box.pk)
    provisioned = _provision(locked)
    locked.secret_version += 1
    locked.rotated_at = timezone.now()
    locked.save(update_fields=["secret_encrypted", "secret_version", "rotated_at", "updated_at"])
    event_record(
        vehicle=box.vehicle,
        kind=VehicleEventKind.KEYBOX_ROTATED,
        by=by,
        summary=_("Geheim van sleutelkast %(box)s vervangen (versie %(n)s)")
        % {"box": locked.box_id, "n": locked.secret_version},
        changes={"secret_version": [locked.secret_version - 1, locked.secret_version]},
    )
    return ProvisionedSecret(box=locked, secret_hex=provisioned.secret_hex, secret_base32=provisioned.secret_base32)


def key_codes(*, box: KeyBox, starts_at: dt.datetime, ends_at: dt.datetime) -> list[keycodes.KeyCode]:
    """The codes that open `box` from `starts_at` to `ends_at` (derived, never stored).
    Who may see them is the caller's permission check (reservations.permissions)."""
    return keycodes.codes_for_window(
        decrypt_bytes(box.secret_encrypted),
        box.box_id,
        starts_at,
        ends_at,
        digits=box.digits,
        step_seconds=box.step_seconds,
    )


@transaction.atomic
def key_codes_revoke(
    *,
    box: KeyBox,
    codes: list[keycodes.KeyCode],
    reason: str,
    by: Member | None,
    reference: str = "",
    now: dt.datetime | None = None,
) -> list[KeyCodeRevocation]:
    """Put these codes (from key_codes) on the box's revocation list (once each); codes
    whose window is already over need no entry. Recorded in the car's history."""
    now = now or timezone.now()
    added = []
    for code in codes:
        if code.valid_until <= now:
            continue
        revocation, created = KeyCodeRevocation.objects.get_or_create(
            box=box,
            start_step=code.start_step,
            end_step=code.end_step,
            defaults={
                "valid_until": code.valid_until,
                "reason": reason[:120],
                "reference": reference[:40],
                "created_by": by,
                "created_at": now,
            },
        )
        if created:
            added.append(revocation)
    if added:
        event_record(
            vehicle=box.vehicle,
            kind=VehicleEventKind.KEY_CODE_REVOKED,
            by=by,
            summary=_("Sleutelcode ingetrokken: %(reason)s") % {"reason": reason},
            changes={"revoked": [None, [[r.start_step, r.end_step] for r in added]]},
        )
    return added


def revoked_windows(*, box: KeyBox, now: dt.datetime | None = None) -> list[tuple[int, int]]:
    """The revoked windows that still matter (for the check and the box's list)."""
    now = now or timezone.now()
    return list(box.revocations.filter(valid_until__gt=now).values_list("start_step", "end_step"))
