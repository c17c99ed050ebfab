"""Governance: general assemblies (ALV), agenda, proposals, proxies, ballots, votes,
decisions, minutes, ALV requests and written decisions.

History is appended, never rewritten: votes, closed ballots, decisions and adopted
minutes are only written by governance.services, which never changes them afterwards.
"""

import datetime as dt
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import ActorEvent, Cooperative, Member


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


# The check-in code shown in the room (for members in the room only; online members register
# with their own log-in): no 0/O, 1/I, so it is read out without doubt.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("In voorbereiding")
    CONVENED = "convened", _("Opgeroepen")
    CLOSED = "closed", _("Gesloten")


class Meeting(models.Model):
    """A general assembly (algemene ledenvergadering) of one cooperative."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("titel"), max_length=120)
    starts_at = models.DateTimeField(_("aanvang"))
    location = models.CharField(_("plaats"), max_length=200)
    online_url = models.URLField(_("online deelnemen (link)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    checkin_code = models.CharField(_("aanmeldcode"), max_length=8)
    convened_at = models.DateTimeField(_("opgeroepen op"), null=True, blank=True)
    convened_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("opgeroepen door")
    )
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    # The chair (voorzitter) of this meeting, designated by the board; their declaration of a
    # ballot's outcome is decisive (art. 2:13 lid 1 BW). Designations are in the events.
    chair = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("voorzitter")
    )
    # The agenda item under discussion now, for the members following online.
    current_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agendapunt aan de orde"),
    )
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ledenvergadering")
        verbose_name_plural = _("ledenvergaderingen")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == MeetingStatus.DRAFT

    @property
    def is_convened(self) -> bool:
        return self.status == MeetingStatus.CONVENED

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class MeetingEventKind(models.TextChoices):
    CREATED = "created", _("Vergadering aangemaakt")
    UPDATED = "updated", _("Datum, plaats of titel gewijzigd")
    CONVENED = "convened", _("Oproeping verstuurd")
    SUPPLEMENTED = "supplemented", _("Aanvullende oproeping verstuurd")
    CLOSED = "closed", _("Vergadering gesloten")
    ITEM_ADDED = "item_added", _("Agendapunt toegevoegd")
    ITEM_CHANGED = "item_changed", _("Agendapunt gewijzigd")
    ITEM_MOVED = "item_moved", _("Agendapunt verplaatst")
    ITEM_DELETED = "item_deleted", _("Agendapunt verwijderd")
    PROPOSAL_ADDED = "proposal_added", _("Voorstel toegevoegd")
    DOCUMENT_ADDED = "document_added", _("Stuk bij voorstel toegevoegd")
    CANDIDATE_ADDED = "candidate_added", _("Kandidaat toegevoegd")
    ATTENDANCE_REGISTERED = "present", _("Aanwezig gemeld")
    ATTENDANCE_REMOVED = "absent", _("Aanwezigheid geschrapt")
    PROXY_REVOKED = "proxy_revoked", _("Volmacht ingetrokken")
    BALLOT_OPENED = "ballot_opened", _("Stemming geopend")
    BALLOT_CLOSED = "ballot_closed", _("Stemming gesloten")
    BALLOT_CONFIRMED = "ballot_confirmed", _("Uitslag vastgesteld")
    MINUTES_DRAFTED = "minutes_drafted", _("Concept-notulen bijgewerkt")
    MINUTES_UPDATED = "minutes_updated", _("Notulen bewerkt")
    MINUTES_ADOPTED = "minutes_adopted", _("Notulen vastgesteld")
    CHAIR_DESIGNATED = "chair", _("Voorzitter aangewezen")
    PROXY_PAPER = "proxy_paper", _("Schriftelijke volmacht geregistreerd")
    ITEM_CURRENT = "item_current", _("Agendapunt aan de orde")
    CLOSED_LATE = "closed_late", _("Vergadering achteraf gesloten")
    BALLOT_REVOTE = "ballot_revote", _("Nieuwe stemming na betwiste uitslag")
    ROUND_OPENED = "round_opened", _("Nieuwe verkiezingsronde geopend")
    LOT_DRAWN = "lot_drawn", _("Lot getrokken")


class MeetingEvent(ActorEvent):
    """What was done to a meeting (its agenda, attendance, proxies, ballots, minutes), by
    whom and when, for the board. Appended by governance.services, never changed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events", verbose_name=_("vergadering"))
    kind = models.CharField(_("gebeurtenis"), max_length=20, choices=MeetingEventKind.choices)

    class Meta:
        verbose_name = _("gebeurtenis vergadering")
        verbose_name_plural = _("gebeurtenissen vergadering")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["meeting", "-at"])]

    def __str__(self):
        return f"{self.meeting}: {self.get_kind_display()}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("agendapunt"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    document = models.FileField(_("document"), upload_to="governance/agenda/", blank=True)
    # The convocation that put this item on the agenda; empty while not (yet) convened.
    convocation = models.ForeignKey(
        "Convocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("oproeping"),
    )

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agendaitem_position_unique")]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Proposal(models.Model):
    """A proposal on an agenda item; `amends` makes it an amendment, voted before its proposal."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="proposals")
    amends = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="amendments", verbose_name=_("wijzigt")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.ORDINARY)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("voorstel"))
    explanation = models.TextField(_("toelichting"), blank=True)
    seats = models.PositiveSmallIntegerField(_("aantal zetels"), null=True, blank=True)
    base_text = models.TextField(
        _("oorspronkelijke tekst"),
        blank=True,
        help_text=_("Bij een amendement: de tekst van het voorstel waarop het amendement een wijziging is."),
    )
    text_available_from = models.DateField(
        _("tekst ter inzage sinds"),
        null=True,
        blank=True,
        help_text=_("Bij een statutenwijziging: vanaf wanneer de volledige tekst ter inzage ligt."),
    )
    submitted_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    # The convocation that announced this proposal; empty while not (yet) convened.
    convocation = models.ForeignKey(
        "Convocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("oproeping"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        ordering = ["item__position", "pk"]

    def __str__(self):
        return self.title

    @property
    def meeting(self) -> Meeting:
        return self.item.meeting

    @property
    def is_election(self) -> bool:
        return self.kind == ProposalKind.ELECTION

    @property
    def is_statute_change(self) -> bool:
        return self.kind == ProposalKind.STATUTES

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None


class Candidate(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("kandidaat"))
    statement = models.TextField(_("motivatie"), blank=True)

    class Meta:
        verbose_name = _("kandidaat")
        verbose_name_plural = _("kandidaten")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="candidate_unique")]

    def __str__(self):
        return self.member.name


class Proxy(models.Model):
    """A written authorisation (volmacht) to vote for the grantor at one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="proxies")
    grantor = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="proxies_given")
    holder = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="proxies_held")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    # A paper proxy handed in at the door, registered by a board member.
    paper = models.BooleanField(_("op papier ontvangen"), default=False)
    registered_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("geregistreerd door")
    )

    class Meta:
        verbose_name = _("volmacht")
        verbose_name_plural = _("volmachten")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "grantor"], condition=models.Q(revoked_at__isnull=True), name="proxy_one_active"
            ),
            models.CheckConstraint(condition=~models.Q(grantor=models.F("holder")), name="proxy_not_self"),
        ]

    def __str__(self):
        return f"{self.grantor} → {self.holder}"


class AttendanceSource(models.TextChoices):
    BOARD = "board", _("Geregistreerd door het bestuur")
    CODE = "code", _("Zelf aangemeld met code")
    ONLINE = "online", _("Online aanwezig (eigen inlog)")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=AttendanceSource.choices)
    checked_in_at = models.DateTimeField()

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique")]

    def __str__(self):
        return f"{self.member} @ {self.meeting}"

    @property
    def is_online(self) -> bool:
        return self.source == AttendanceSource.ONLINE


class BallotStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")
    CONFIRMED = "confirmed", _("Uitslag vastgesteld")


class FollowReason(models.TextChoices):
    FIRST = "first", _("Stemming")
    REVOTE = "revote", _("Nieuwe stemming (uitslag betwist)")
    SECOND_ROUND = "second_round", _("Tweede ronde")
    TIE_ROUND = "tie_round", _("Herstemming bij staking")


class Ballot(models.Model):
    """A vote on one proposal. Closing freezes presence, proxies and votes in `frozen`."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("voorstel"))
    secret = models.BooleanField(_("geheime stemming"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=BallotStatus.choices, default=BallotStatus.OPEN)
    early = models.BooleanField(_("elektronisch vooraf stemmen"), default=False)
    opened_at = models.DateTimeField(_("geopend op"))
    opened_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("geopend door"))
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("gesloten door")
    )
    confirmed_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vastgesteld door")
    )
    # The outcome, computed at closing.
    votes_for = models.PositiveIntegerField(_("voor"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("tegen"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("onthouding"), null=True, blank=True)
    votes_blank = models.PositiveIntegerField(_("blanco"), null=True, blank=True)
    entitled_count = models.PositiveIntegerField(_("stemgerechtigd"), null=True, blank=True)
    present_count = models.PositiveIntegerField(_("aanwezig"), null=True, blank=True)
    represented_count = models.PositiveIntegerField(_("vertegenwoordigd"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum gehaald"), null=True, blank=True)
    carried = models.BooleanField(_("aangenomen"), null=True, blank=True)
    outcome_text = models.TextField(_("uitslag"), blank=True)
    frozen = models.JSONField(default=dict, blank=True)
    # A ballot that follows an earlier one on the same proposal: a new vote after a disputed
    # outcome (2:13 lid 2), or a further round of an election (docs/alv.md).
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followups", verbose_name=_("volgt op")
    )
    follow_reason = models.CharField(
        _("soort stemming"), max_length=12, choices=FollowReason.choices, default=FollowReason.FIRST
    )
    reason = models.TextField(_("reden"), blank=True)
    requested_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("gevraagd door")
    )
    # An election round: the seats still to fill and the candidates still standing (empty: all).
    seats = models.PositiveSmallIntegerField(_("zetels in deze ronde"), null=True, blank=True)
    candidate_ids = models.JSONField(_("kandidaten in deze ronde"), default=list, blank=True)

    class Meta:
        verbose_name = _("stemming")
        verbose_name_plural = _("stemmingen")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.proposal} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == BallotStatus.OPEN

    @property
    def is_closed(self) -> bool:
        """Closed and counted, the outcome not yet confirmed by the chair."""
        return self.status == BallotStatus.CLOSED

    @property
    def is_confirmed(self) -> bool:
        return self.status == BallotStatus.CONFIRMED

    @property
    def votes_cast(self) -> int | None:
        if self.votes_for is None:
            return None
        return self.votes_for + (self.votes_against or 0)

    @property
    def is_revote(self) -> bool:
        return self.follow_reason == FollowReason.REVOTE

    @property
    def round_seats(self) -> int:
        """Seats this ballot fills: the round's, else the proposal's."""
        return self.seats or self.proposal.seats or 1


class VoteChoice(models.TextChoices):
    FOR = "for", _("Voor")
    AGAINST = "against", _("Tegen")
    ABSTAIN = "abstain", _("Onthouding")
    BLANK = "blank", _("Blanco")
    CANDIDATE = "candidate", _("Kandidaat")


class Participation(models.Model):
    """That `member`'s vote on a ballot was cast (by the member, or by `cast_by` holding
    their proxy). One per member per ballot. For a secret ballot `choice` stays empty:
    what was chosen is only in the anonymous Vote rows."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.PROTECT, related_name="participations", verbose_name=_("stemming")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("lid"))
    cast_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("uitgebracht door"))
    via_proxy = models.BooleanField(_("met volmacht"), default=False)
    electronic = models.BooleanField(_("elektronisch"), default=False)
    choice = models.CharField(_("keuze"), max_length=10, choices=VoteChoice.choices, blank=True)
    cast_at = models.DateTimeField(_("uitgebracht op"))

    class Meta:
        verbose_name = _("uitgebrachte stem")
        verbose_name_plural = _("uitgebrachte stemmen")
        constraints = [models.UniqueConstraint(fields=["ballot", "member"], name="participation_one_per_member")]

    def __str__(self):
        return f"{self.member} / {self.ballot_id}"


class Vote(models.Model):
    """An anonymous vote: no member, no time, a random primary key. For a secret ballot
    the service rewrites the ballot's votes, shuffled, at every cast, so neither row
    order nor the writing transaction links a vote to its Participation (docs/alv.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="votes", verbose_name=_("stemming"))
    choice = models.CharField(_("keuze"), max_length=10, choices=VoteChoice.choices)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, null=True, blank=True, related_name="votes", verbose_name=_("kandidaat")
    )
    # An electronic vote cast before the meeting stays in its envelope (linked to who cast it)
    # until the ballot closes: a vote of someone who is no longer a member then is taken out;
    # in a secret ballot the box is then rewritten without any envelope (docs/alv.md).
    envelope = models.ForeignKey(
        Participation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("envelop")
    )

    class Meta:
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")

    def __str__(self):
        return self.get_choice_display()


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
    adopted = models.BooleanField(_("aangenomen"), default=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("vergadering"),
    )
    ballot = models.OneToOneField(
        Ballot, on_delete=models.PROTECT, null=True, blank=True, related_name="decision", verbose_name=_("stemming")
    )
    recorded_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vastgelegd door")
    )
    # A new vote after a disputed outcome (2:13 lid 2): this decision takes the legal effect
    # of the earlier one, which stays in the register.
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("vervangt")
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="decision_number_unique"),
            # The statutes are changed and the cooperative dissolved by the general assembly only.
            models.CheckConstraint(
                condition=~(models.Q(body="board") & models.Q(kind__in=["statutes", "dissolution"])),
                name="decision_board_not_statutes_dissolution",
                violation_error_message=_("Een statutenwijziging of ontbinding besluit alleen de ledenvergadering."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_board_decision(self) -> bool:
        return self.body == DecisionBody.BOARD

    @property
    def is_written(self) -> bool:
        return self.body == DecisionBody.WRITTEN


class LotDraw(models.Model):
    """Lot drawn for the last seat(s) of an election when the votes tie (statutes): who
    drew, among whom, who won. Drawn with `secrets`, once per ballot."""

    ballot = models.OneToOneField(Ballot, on_delete=models.PROTECT, related_name="lot", verbose_name=_("stemming"))
    drawn_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("getrokken door"))
    drawn_at = models.DateTimeField(_("getrokken op"))
    seats = models.PositiveSmallIntegerField(_("zetels"))
    among = models.JSONField(_("tussen"), default=list)
    winners = models.JSONField(_("uitkomst"), default=list)

    class Meta:
        verbose_name = _("loting")
        verbose_name_plural = _("lotingen")

    def __str__(self):
        return f"{self.ballot}: {', '.join(w['name'] for w in self.winners)}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    ADOPTED = "adopted", _("Vastgesteld")


class Minutes(models.Model):
    """The minutes (notulen) of a meeting. `content` holds the drafted record (attendance,
    proxies, items with notes and ballot numbers); once adopted nothing changes."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    content = models.JSONField(default=dict)
    drafted_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    adopted_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="adopted_minutes"
    )
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    chair_name = models.CharField(_("voorzitter"), max_length=120, blank=True)
    secretary_name = models.CharField(_("secretaris"), max_length=120, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notulen")
        verbose_name_plural = _("notulen")

    def __str__(self):
        return f"{_('Notulen')} {self.meeting}"

    @property
    def is_adopted(self) -> bool:
        return self.status == MinutesStatus.ADOPTED


class MinutesComment(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("opmerking"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.member}: {self.text[:40]}"


class MeetingRequest(models.Model):
    """Members demanding an ALV (2:41): made when supporters hold 1/10 of the votes. The
    board must then convene within 14 days (`convene_by`) an ALV held within 4 weeks
    (`board_deadline`); if it does not, the requesters may convene it themselves."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="meeting_requests")
    subject = models.CharField(_("onderwerp"), max_length=200)
    reason = models.TextField(_("te behandelen onderwerpen"))
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    board_deadline = models.DateTimeField(null=True, blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="requests")
    self_convened_at = models.DateTimeField(_("door de verzoekers bijeengeroepen op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def convene_by(self) -> dt.datetime | None:
        """The last moment the board can answer the request with a convocation (2:41 lid 3)."""
        if self.threshold_reached_at is None:
            return None
        return self.threshold_reached_at + dt.timedelta(days=14)


class MeetingRequestSupport(models.Model):
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="supports")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "member"], name="request_support_unique")]

    def __str__(self):
        return f"{self.member_id} → {self.request_id}"


class WrittenResolutionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CARRIED = "carried", _("Aangenomen")
    FAILED = "failed", _("Niet aangenomen")
    LAPSED = "lapsed", _("Vervallen")


class WrittenResolution(models.Model):
    """A decision outside a meeting (2:40): carried only when every member entitled to vote agreed."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="written_resolutions")
    kind = models.CharField(_("soort"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.ORDINARY)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("voorstel"))
    status = models.CharField(
        max_length=10, choices=WrittenResolutionStatus.choices, default=WrittenResolutionStatus.OPEN
    )
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    deadline = models.DateTimeField(_("uiterlijk beantwoorden"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == WrittenResolutionStatus.OPEN

    @property
    def is_carried(self) -> bool:
        return self.status == WrittenResolutionStatus.CARRIED

    @property
    def is_failed(self) -> bool:
        return self.status == WrittenResolutionStatus.FAILED

    @property
    def is_lapsed(self) -> bool:
        return self.status == WrittenResolutionStatus.LAPSED


class WrittenConsent(models.Model):
    resolution = models.ForeignKey(WrittenResolution, on_delete=models.PROTECT, related_name="consents")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    agrees = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resolution", "member"], name="written_consent_unique")]

    def __str__(self):
        return f"{self.member_id}: {self.agrees}"


# Convocations (2:38 lid 9, 2:42) -----------------------------------------------------------


class ConvocationKind(models.TextChoices):
    ORIGINAL = "original", _("Oproeping")
    SUPPLEMENTARY = "supplementary", _("Aanvullende oproeping")


class Convocation(models.Model):
    """One convocation sent for a meeting: the original one (again after the date moved) or
    a supplementary one (aanvullende oproeping) for items added later. Its items and
    proposals point to it; each member's delivery is logged as evidence."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="convocations", verbose_name=_("vergadering")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    kind = models.CharField(_("soort"), max_length=14, choices=ConvocationKind.choices)
    sent_at = models.DateTimeField(_("verstuurd op"))
    sent_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("verstuurd door"))
    meeting_starts_at = models.DateTimeField(_("aanvang vergadering"))
    # What it announced, as sent: {"items": [ids], "proposals": [ids]} (items and proposals
    # point to the latest convocation that announced them; this keeps each one's own list).
    announced = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("oproeping")
        verbose_name_plural = _("oproepingen")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="convocation_number_unique")]

    def __str__(self):
        return f"{self.meeting} #{self.number}"

    @property
    def is_supplementary(self) -> bool:
        return self.kind == ConvocationKind.SUPPLEMENTARY


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Verstuurd")
    BOUNCED = "bounced", _("Onbestelbaar")
    FAILED = "failed", _("Niet verstuurd (fout)")
    NO_ADDRESS = "no_address", _("Geen e-mailadres")


class ConvocationDelivery(models.Model):
    """That the convocation went to one member: to which address, when, and whether it
    bounced. `token` is in the message's X-DEEL-Delivery header, so a bounce finds its row."""

    convocation = models.ForeignKey(
        Convocation, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("oproeping")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("lid"))
    email = models.CharField(_("e-mailadres"), max_length=254, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=DeliveryStatus.choices)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("onbestelbaar gemeld op"), null=True, blank=True)
    detail = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bezorging oproeping")
        verbose_name_plural = _("bezorging oproepingen")
        ordering = ["convocation", "member__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["convocation", "member"], name="convocation_delivery_one_per_member")
        ]

    def __str__(self):
        return f"{self.member_id}: {self.status}"


class ProposalDocument(models.Model):
    """A document behind a proposal (the tariff table, the budget, the full statutes text):
    a PDF or image by its content (deel.uploads), served through a view that checks access."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="documents", verbose_name=_("voorstel")
    )
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to="governance/proposals/")
    uploaded_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stuk bij voorstel")
        verbose_name_plural = _("stukken bij voorstellen")
        ordering = ["proposal", "pk"]

    def __str__(self):
        return self.title
