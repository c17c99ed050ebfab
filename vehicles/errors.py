from deel.errors import DomainError
from deel.errors import UploadRejected as KernelUploadRejected


class VehicleError(DomainError):
    pass


class OdometerDecrease(VehicleError):
    """A reading lower than the vehicle's last known reading."""

    def __init__(self, message: str, *, last_km: int):
        super().__init__(message)
        self.last_km = last_km


class OdometerImplausible(VehicleError):
    """A reading so far above the last one that it is most likely a typo."""


class InvalidVehicle(VehicleError):
    """Vehicle data that does not pass the checks (plate, seats, caretaker)."""


class UploadRejected(VehicleError, KernelUploadRejected):
    """An uploaded file that is not what it claims, or too large."""


class InvalidDamageStep(VehicleError):
    """A damage status change that does not fit (e.g. back from repaired)."""


class NotAllowed(VehicleError):
    """The member may not make this change (role or the car's state)."""
