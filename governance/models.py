from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Cooperative


class DecisionBody(models.TextChoices):
    ALV = "alv", _("Algemene ledenvergadering")
    BOARD = "board", _("Bestuur")
    WRITTEN = "written", _("Schriftelijk besluit van de leden")


class ProposalKind(models.TextChoices):
    ORDINARY = "ordinary", _("Gewoon besluit")
    TARIFF = "tariff", _("Tarief of begroting")
    STATUTES = "statutes", _("Statutenwijziging")
    DISSOLUTION = "dissolution", _("Ontbinding")
    ELECTION = "election", _("Verkiezing")


class Decision(models.Model):
    """An entry of the cooperative's decision register (besluitenregister). Immutable once made."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField(_("nummer"), max_length=20)
    decided_on = models.DateField(_("datum"))
    body = models.CharField(_("orgaan"), max_length=10, choices=DecisionBody.choices, default=DecisionBody.ALV)
    kind = models.CharField(_("soort"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.ORDINARY)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("besluit"))
    votes_for = models.PositiveIntegerField(_("voor"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("tegen"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("onthouding"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["-decided_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "number"], name="decision_number_unique")]

    def __str__(self):
        return f"{self.number} {self.title}"
