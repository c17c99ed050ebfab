"""Every write of the vehicles app: the app's public door (other apps import from here).

Every service that takes an actor (`by`, or `reported_by` for damage) appends a
VehicleEvent to the car's history: who changed what, and when.
"""

from ..keycodes import KeyCode
from ..locks import vehicle_lock
from ..permissions import DAMAGE_STEPS, MAX_CHECK_JUMP_KM
from .damage import MAX_DAMAGE_PHOTOS, damage_report, damage_set_status
from .fleet import EDITABLE_FIELDS, VEHICLE_EDITABLE_FIELDS, vehicle_create, vehicle_update
from .keys import (
    KEYBOX_FIELDS,
    ProvisionedSecret,
    key_codes,
    key_codes_revoke,
    keybox_rotate_secret,
    keybox_set,
    revoked_windows,
)
from .odometer import odometer_check, odometer_last_km, odometer_record
from .papers import DOCUMENT_FIELDS, document_add
from .upkeep import CONTRIBUTION_FIELDS, MAINTENANCE_FIELDS, contribution_set, maintenance_add
from .uploads import validate_document_file

__all__ = [
    "KeyCode",
    "CONTRIBUTION_FIELDS",
    "DAMAGE_STEPS",
    "DOCUMENT_FIELDS",
    "EDITABLE_FIELDS",
    "KEYBOX_FIELDS",
    "MAINTENANCE_FIELDS",
    "MAX_CHECK_JUMP_KM",
    "MAX_DAMAGE_PHOTOS",
    "ProvisionedSecret",
    "VEHICLE_EDITABLE_FIELDS",
    "contribution_set",
    "damage_report",
    "damage_set_status",
    "document_add",
    "key_codes",
    "key_codes_revoke",
    "keybox_rotate_secret",
    "keybox_set",
    "maintenance_add",
    "odometer_check",
    "odometer_last_km",
    "odometer_record",
    "revoked_windows",
    "validate_document_file",
    "vehicle_create",
    "vehicle_lock",
    "vehicle_update",
]
