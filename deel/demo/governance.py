"""Demo data of governance: a past ALV (about 11 months ago) with attendance, proxies,
ballots, the decision "Tarieven 2026" and a board election, whose minutes were adopted
and signed at a second ALV (about 5 months ago), whose own minutes are a draft; a board
decision; and an upcoming ALV (in about 3 weeks, convened) with a tariff proposal for next
year, a board election with candidates, electronic early voting and one proxy.

Everything goes through governance.services (with the historical moments passed as
`now`). Idempotent: when the cooperative already has meetings nothing is added.
Deterministic: choices come from ctx.rng. Hands `tariff_decision` (and
`reserve_decision`) to the ledger demo in ctx.extra.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.core.mail import get_connection
from django.utils import timezone
from django.utils.formats import date_format
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from governance import emails, services
from governance.convocation import early_voting_open
from governance.models import AgendaItem, Decision, Meeting, ProposalKind
from members.models import Cooperative

from .members import DemoContext

LOCATION = "Buurthuis De Regentes, Weimarstraat 63, Den Haag"
TARIFF_TITLE = "Tarieven 2026"
RESERVE_TITLE = "Reservebijdrage 2026"


def _evening(days_from_today: int, *, earliest: int | None = None) -> dt.datetime:
    """20:00 on the first Tuesday, Wednesday or Thursday from that day on, outside the
    Christmas holidays (when no cooperative holds its assembly). With `earliest`, a day
    before the holidays (but not before `earliest` days from today) is taken rather than
    one far after them."""

    def fits(day: dt.date) -> bool:
        return day.weekday() in (1, 2, 3) and not ((day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 2))

    today = timezone.localdate()
    day = today + dt.timedelta(days=days_from_today)
    if earliest is not None and not any(fits(day + dt.timedelta(days=n)) for n in range(7)):
        back = [today + dt.timedelta(days=n) for n in range(earliest, days_from_today)]
        day = next((d for d in reversed(back) if fits(d)), day)
    while not fits(day):
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(20, 0)))


def _code(ctx: DemoContext) -> str:
    return "".join(ctx.rng.choice(services.CODE_ALPHABET) for _ in range(6))


def _cooperative(ctx: DemoContext) -> Cooperative:
    if ctx.coop is None:
        raise RuntimeError("the members demo creates the cooperative first")
    return ctx.coop


def _meeting(
    ctx: DemoContext, *, title: str, starts_at: dt.datetime, items: list[tuple[str, str]], online: str = ""
) -> tuple[Meeting, list[AgendaItem]]:
    chair = ctx.board[0]
    meeting = services.meeting_create(
        cooperative=_cooperative(ctx), by=chair, title=title, starts_at=starts_at, location=LOCATION, online_url=online
    )
    Meeting.objects.filter(pk=meeting.pk).update(checkin_code=_code(ctx))
    meeting.refresh_from_db()
    created = [services.agenda_item_add(meeting=meeting, title=t, description=d, by=chair) for t, d in items]
    return meeting, created


def _hold_vote(ctx, *, meeting, proposal, voters, proxies, at, weights, candidates=None):
    """Open, vote (present members and proxy holders), close and confirm; the decision."""
    ballot = services.ballot_open(proposal=proposal, by=ctx.board[0], now=at)
    rng = ctx.rng

    def pick():
        if candidates:
            return [rng.choices(candidates, weights=weights)[0]]
        return rng.choices(["for", "against", "abstain"], weights=weights)[0]

    for member in voters:
        services.vote_cast(ballot=ballot, member=member, choice=pick(), now=at)
    for grantor, holder in proxies:
        services.vote_cast(ballot=ballot, member=holder, choice=pick(), proxy_for=grantor, now=at)
    closed = at + dt.timedelta(minutes=10)
    ballot = services.ballot_close(ballot=ballot, by=ctx.board[0], now=closed)
    return services.ballot_confirm(ballot=ballot, by=ctx.board[0], now=closed)


def _tariff_documents(year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (
            f"Tarieventabel {year}",
            [
                ("Per kilometer", "1 cent hoger dan nu"),
                ("Per uur", "gelijk"),
                ("Dagmaximum", "gelijk"),
                ("Contributie per maand", "gelijk"),
            ],
        ),
        (
            f"Begroting {year}",
            [
                ("Verzekeringen", "€ 6.300"),
                ("Motorrijtuigenbelasting", "€ 2.150"),
                ("Onderhoud en APK", "€ 3.400"),
                ("Afschrijving ingebrachte auto's", "€ 9.800"),
                ("Reserve", "€ 1.000"),
            ],
        ),
    ]


def _pdf(title: str, rows: list[tuple[str, str]]) -> ContentFile:
    """A one-page PDF with a title and a two-column table (the demo's proposal documents)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(25 * mm, 270 * mm, title)
    pdf.setFont("Helvetica", 11)
    for n, (label, value) in enumerate(rows):
        y = (255 - 8 * n) * mm
        pdf.drawString(25 * mm, y, label)
        pdf.drawRightString(150 * mm, y, value)
    pdf.showPage()
    pdf.save()
    return ContentFile(buffer.getvalue(), name="stuk.pdf")


def _deliver_quietly(meeting: Meeting, *, bounced) -> None:
    """The delivery log of the demo's convocation, without sending mail: the messages go to
    Django's dummy backend; one address bounced."""
    with get_connection("django.core.mail.backends.dummy.EmailBackend") as connection:
        emails.convocation(meeting_id=meeting.pk, connection=connection)
    if bounced.user.email:
        services.convocation_bounce_record(email=bounced.user.email, reason="550 5.1.1 mailbox unknown")


def _handoff(ctx: DemoContext) -> None:
    ctx.extra["tariff_decision"] = Decision.objects.filter(cooperative=ctx.coop, title=TARIFF_TITLE).first()
    ctx.extra["reserve_decision"] = Decision.objects.filter(cooperative=ctx.coop, title=RESERVE_TITLE).first()


def seed(ctx: DemoContext) -> None:
    coop = _cooperative(ctx)
    if Meeting.objects.filter(cooperative=coop).exists():
        _handoff(ctx)
        return
    chair, secretary = ctx.board[0], ctx.board[1]
    treasurer = ctx.treasurer
    if treasurer is None:
        raise RuntimeError("the members demo names the treasurer first")
    members = ctx.members

    # 1. The annual meeting about 11 months ago: tariffs, reserve, a board election.
    past_at = _evening(-335)
    past, items = _meeting(
        ctx,
        title=f"ALV {date_format(past_at, 'F Y')}",
        starts_at=past_at,
        items=[
            ("Opening en mededelingen", ""),
            ("Jaarverslag en kosten van de auto's", "De penningmeester licht de kosten per auto toe."),
            ("Tarieven en reserve 2026", "Voorstel van het bestuur, zie de tarieventabel."),
            ("Verkiezing bestuurslid", "Bestuurslid en secretaris treedt af en is herkiesbaar."),
            ("Rondvraag en sluiting", ""),
        ],
    )
    tariff = services.proposal_create(
        item=items[2],
        by=chair,
        kind=ProposalKind.TARIFF,
        title=TARIFF_TITLE,
        text=(
            "De ALV stelt de tarieven voor 2026 vast volgens de tarieventabel: een prijs per kilometer, "
            "een prijs per uur met een dagmaximum, en de maandelijkse contributie (per autoklasse)."
        ),
        explanation="De tarieven dekken de verwachte kosten; na elk kwartaal volgt de nacalculatie.",
    )
    # An amendment from the floor, adopted: the tariff decision records the amended text.
    amendment = services.proposal_create(
        item=items[2],
        by=members[9],
        kind=ProposalKind.TARIFF,
        title="Tarieven na een jaar evalueren",
        text=f"{tariff.text} Na een jaar evalueert de ALV de tarieven aan de hand van de nacalculaties.",
        explanation="Zo zien we of de prijs per kilometer de kosten dekt.",
        amends=tariff,
    )
    reserve = services.proposal_create(
        item=items[2],
        by=chair,
        kind=ProposalKind.TARIFF,
        title=RESERVE_TITLE,
        text="Per kwartaal wordt € 150 gereserveerd voor onverwachte reparaties, verdeeld bij de nacalculatie.",
    )
    election = services.proposal_create(
        item=items[3],
        by=chair,
        kind=ProposalKind.ELECTION,
        title="Verkiezing bestuurslid (secretaris)",
        text=("De ALV kiest één bestuurslid voor drie jaar."),
        seats=1,
    )
    cand_a = services.candidate_add(
        proposal=election, member=secretary, statement="Ik stel me graag herkiesbaar.", by=chair
    )
    cand_b = services.candidate_add(
        proposal=election, member=members[15], statement="Ik wil het bestuur versterken.", by=chair
    )
    services.meeting_convene(meeting=past, by=chair, now=past_at - dt.timedelta(days=21), notify=False)
    services.meeting_chair_designate(meeting=past, chair=chair, by=secretary, now=past_at - dt.timedelta(days=21))
    past_proxies = [(members[20], members[12]), (members[21], members[13])]
    services.proxy_grant(meeting=past, grantor=members[20], holder=members[12], now=past_at - dt.timedelta(days=3))
    # The second one was handed in on paper at the door.
    services.proxy_register_paper(
        meeting=past,
        grantor=members[21],
        holder=members[13],
        by=secretary,
        paper_received=True,
        now=past_at - dt.timedelta(minutes=10),
    )
    present = [chair, secretary, ctx.board[2], treasurer, *members[5:19]]
    for m in present:
        services.attendance_register(
            meeting=past, member=m, by=secretary, now=past_at - dt.timedelta(minutes=ctx.rng.randint(0, 20))
        )
    _hold_vote(
        ctx,
        meeting=past,
        proposal=amendment,
        voters=present,
        proxies=past_proxies,
        at=past_at + dt.timedelta(minutes=40),
        weights=[18, 1, 1],
    )
    tariff_decision = _hold_vote(
        ctx,
        meeting=past,
        proposal=tariff,
        voters=present,
        proxies=past_proxies,
        at=past_at + dt.timedelta(minutes=50),
        weights=[16, 2, 2],
    )
    _hold_vote(
        ctx,
        meeting=past,
        proposal=reserve,
        voters=present,
        proxies=past_proxies,
        at=past_at + dt.timedelta(minutes=65),
        weights=[12, 5, 3],
    )
    _hold_vote(
        ctx,
        meeting=past,
        proposal=election,
        voters=present,
        proxies=past_proxies,
        at=past_at + dt.timedelta(minutes=80),
        weights=[3, 1],
        candidates=[cand_a, cand_b],
    )
    services.meeting_close(meeting=past, by=chair, now=past_at + dt.timedelta(hours=2))
    minutes = services.minutes_draft(meeting=past, by=secretary, now=past_at + dt.timedelta(days=2))
    services.minutes_update(
        by=secretary,
        minutes=minutes,
        general="De voorzitter opent om 20:00 uur en heet iedereen welkom. Er zijn geen afmeldingen met bericht.",
        notes={
            1: "Geen mededelingen.",
            2: "De penningmeester licht de kosten per auto toe. De elektrische auto is per km het goedkoopst.",
            3: "Vragen over de dagprijs; het bestuur licht toe dat het dagmaximum lange ritten betaalbaar houdt.",
            4: f"{secretary.name} en {members[15].name} stellen zich voor. Schriftelijke, geheime stemming.",
            5: "Rondvraag: verzoek om een laadpaal in de buurt. De voorzitter sluit om 21:55 uur.",
        },
    )
    services.minutes_comment(
        minutes=minutes,
        member=members[9],
        text="Bij punt 3 graag vermelden dat de vraag over de dagprijs van mij kwam.",
    )

    # 2. The mid-year meeting about 5 months ago adopts those minutes.
    mid_at = _evening(-160)
    mid, mid_items = _meeting(
        ctx,
        title=f"ALV {date_format(mid_at, 'F Y')}",
        starts_at=mid_at,
        items=[
            ("Opening", ""),
            (f"Notulen {past.title}", "Vaststellen van de notulen."),
            ("Halfjaarcijfers", ""),
            ("Rondvraag en sluiting", ""),
        ],
    )
    services.meeting_convene(meeting=mid, by=chair, now=mid_at - dt.timedelta(days=18), notify=False)
    services.meeting_chair_designate(meeting=mid, chair=chair, by=secretary, now=mid_at - dt.timedelta(days=18))
    for m in [chair, secretary, treasurer, *members[6:16]]:
        services.attendance_register(meeting=mid, member=m, by=secretary, now=mid_at)
    services.minutes_adopt(
        minutes=minutes,
        at_meeting=mid,
        chair_name=chair.name,
        secretary_name=secretary.name,
        by=chair,
        now=mid_at + dt.timedelta(minutes=15),
    )
    services.meeting_close(meeting=mid, by=chair, now=mid_at + dt.timedelta(hours=1, minutes=30))
    # Its own minutes are a draft, for the upcoming meeting to adopt.
    mid_minutes = services.minutes_draft(meeting=mid, by=secretary, now=mid_at + dt.timedelta(days=3))
    services.minutes_update(
        by=secretary,
        minutes=mid_minutes,
        general="De voorzitter opent om 20:00 uur. Er zijn 13 leden aanwezig.",
        notes={
            2: f"De notulen van {past.title} worden zonder wijzigingen vastgesteld.",
            3: "De penningmeester licht de halfjaarcijfers toe: de kosten liggen op begroting.",
            4: "Geen vragen. De voorzitter sluit om 21:30 uur.",
        },
    )
    services.decision_record_board(
        cooperative=coop,
        by=chair,
        title="Overstap naar andere autoverzekeraar",
        text="Het bestuur sluit per 1 augustus de wagenparkverzekering af bij een goedkopere verzekeraar.",
        kind=ProposalKind.ORDINARY,
        decided_on=timezone.localdate() - dt.timedelta(days=120),
    )

    # 3. The upcoming meeting in about 3 weeks: convened, tariffs for next year, an election.
    next_at = _evening(21, earliest=15)  # the statutes' 14 days' notice, early voting open
    budget_year = next_at.year + 1 if next_at.month >= 7 else next_at.year  # the year the tariffs are for
    upcoming, up_items = _meeting(
        ctx,
        title=f"ALV {date_format(next_at, 'F Y')}",
        starts_at=next_at,
        online="https://meet.example.org/deel-bomenbuurt",
        items=[
            ("Opening en mededelingen", ""),
            (f"Notulen {mid.title}", ""),
            (f"Begroting en tarieven {budget_year}", "Zie de begroting en de tarieventabel."),
            ("Bestuursverkiezing", "De voorzitter treedt af en is herkiesbaar; er is een tegenkandidaat."),
            ("Rondvraag en sluiting", ""),
        ],
    )
    next_tariff = services.proposal_create(
        item=up_items[2],
        by=chair,
        kind=ProposalKind.TARIFF,
        title=f"Begroting en tarieven {budget_year}",
        text=(
            f"De ALV stelt de begroting {budget_year} vast en daarmee de tarieven per 1 januari {budget_year}: "
            "de prijs per kilometer volgt uit de begrote kosten, de reserve en het verwachte gebruik; het uurtarief, "
            "het dagmaximum en de contributie blijven gelijk."
        ),
        explanation=f"De begroting per auto en kostensoort en de berekening staan in DEEL bij Begroting {budget_year}.",
    )
    next_election = services.proposal_create(
        item=up_items[3],
        by=chair,
        kind=ProposalKind.ELECTION,
        title="Verkiezing voorzitter",
        text="De ALV kiest één bestuurslid (voorzitter) voor drie jaar.",
        seats=1,
    )
    services.candidate_add(proposal=next_election, member=chair, statement="Graag nog een termijn.", by=secretary)
    services.candidate_add(
        proposal=next_election, member=members[22], statement="Tijd voor nieuwe energie.", by=secretary
    )
    for doc_title, rows in _tariff_documents(budget_year):
        services.proposal_document_add(
            proposal=next_tariff, by=treasurer, title=doc_title, file=_pdf(f"{doc_title}", rows)
        )
    services.meeting_convene(meeting=upcoming, by=chair, now=timezone.now(), notify=False)
    services.meeting_chair_designate(meeting=upcoming, chair=chair, by=secretary)
    _deliver_quietly(upcoming, bounced=members[33])
    services.proxy_grant(meeting=upcoming, grantor=members[25], holder=members[14])
    if coop.electronic_voting_allowed and early_voting_open(upcoming, timezone.now()):
        early = services.ballot_open(proposal=next_tariff, by=chair)
        for m in members[26:29]:
            services.vote_cast(ballot=early, member=m, choice=ctx.rng.choice(["for", "for", "against"]))

    ctx.extra["tariff_decision"] = tariff_decision
    ctx.extra["next_tariff_proposal"] = next_tariff
    ctx.extra["budget_year"] = budget_year
    ctx.extra["reserve_decision"] = Decision.objects.get(cooperative=coop, title=RESERVE_TITLE)
