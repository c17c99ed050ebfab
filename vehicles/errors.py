from members.errors import DomainError


class VehicleError(DomainError):
    pass


class OdometerDecrease(VehicleError):
    """A reading lower than the vehicle's last known reading."""

    def __init__(self, message: str, *, last_km: int):
        super().__init__(message)
        self.last_km = last_km
