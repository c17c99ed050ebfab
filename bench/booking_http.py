"""Benchmark: the booking form over HTTP, 20 members at once, against gunicorn.

Target (bench/README.md, "Booking", 2): the POST of the booking form, median and p95
under 150 ms on PostgreSQL while 20 members book at the same time.

What runs: a fresh cooperative of 30 cars and 21 active members (valid licences, one
password, verified e-mail); the default booking rules, which cap no member's bookings.
gunicorn (`deel.wsgi`, the production settings, 3 sync workers) is started on a free
loopback port. The 20 members log in (allauth, with CSRF) before anything is timed. Then
each member, in its own thread with its own `requests` session, 26 times: GETs the booking
form (the find page of a slot, where the CSRF token comes from), pauses on it as a person
does before pressing "Reserveer" (about a second), POSTs the booking, and follows the
redirect to the page it lands on; then on to its next booking at once. Only the POST is
timed, from sending it until its redirect response has arrived; the first round warms the
workers and is not counted.
Most bookings are of free slots (one car per member); one in ten is of a slot booked before
the run (a sure conflict) and one in ten a slot that two members want at about the same
time (one of them gets it). Every outcome is checked: a free slot must be booked, a taken
one refused with the conflict message, a contested one booked exactly once.

The production settings are used as they are. TLS ends at a proxy in production; here the
client plays that proxy: it sends `X-Forwarded-Proto: https` (so no redirect to HTTPS, and
Django sets its cookies Secure), an `Origin` as a browser does on a POST, and it sends the
Secure cookies back over loopback HTTP.

Run: `.venv/bin/python bench/booking_http.py` (DATABASE_URL as bench/booking.py; the
target is for PostgreSQL). bench/booking.py runs it as its target 2.
Set BENCH_MEMBERS (default 20; 1 shows the POST without queueing), BENCH_WORKERS (default 3)
or BENCH_THINK_MS (default 3000): the mean time a member spends on a page before the next
step, on the form before pressing "Reserveer" and on the page the booking lands on before
booking again (each drawn from 1/3 to 5/3 of it, 1 to 5 s by default, the think time load
tests give a person; 0: no pause at all, 20 requests always in flight, a stress test of
the server's capacity rather than 20 people).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, at, django_migrated, local_day, setup_coop, verdict

MEMBERS = min(20, int(os.environ.get("BENCH_MEMBERS", "20")))  # at most 20: free slots are one car each
CARS = 30
ROUNDS = 26  # per member; the first one warms up and is not counted
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THINK_S = int(os.environ.get("BENCH_THINK_MS", "3000")) / 1000
MAX_MS = 150.0
DEADLINE_S = 300.0  # the timed phase stops starting new bookings after this
REQUEST_TIMEOUT_S = 30.0
FORM_FORMAT = "%Y-%m-%dT%H:%M"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFLICT_TEXT = "al gereserveerd"  # BookingConflict's message, as the member reads it


@dataclass(frozen=True)
class Slot:
    kind: str  # "free", "taken" or "contested"
    car: int  # primary key
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass
class Tally:
    post_ms: list[float] = field(default_factory=list)
    booked: dict[Slot, int] = field(default_factory=dict)
    refused: dict[Slot, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def plan(cars: list[int]) -> dict[int, list[Slot]]:
    """ROUNDS slots per member: every tenth a taken one, every tenth a contested one.
    Free slots: member i on car i, four 2-hour slots a day from tomorrow. Taken: cars
    20-29, from 30 days ahead. Contested: members 2k and 2k+1 on car k, from 60 days ahead."""

    def slot(kind: str, car: int, days: int, hour: int) -> Slot:
        start = at(local_day(days), hour)
        return Slot(kind, cars[car], start, start + dt.timedelta(hours=2))

    slots: dict[int, list[Slot]] = {}
    for i in range(MEMBERS):
        slots[i] = []
        for j in range(ROUNDS):
            if j % 10 == 3:
                slots[i].append(slot("taken", 20 + i % 10, 30 + j, 7 + 3 * (i // 10)))
            elif j % 10 == 7:
                slots[i].append(slot("contested", i // 2, 60 + j, 10))
            else:
                slots[i].append(slot("free", i, 1 + j // 4, 7 + 3 * (j % 4)))
    return slots


def prepare(tag: str):  # type: ignore[no-untyped-def]
    """The cooperative, its members' logins, and the taken slots booked (through the service)."""
    from django.contrib.auth.hashers import make_password

    from reservations.services import reservation_create

    password = secrets.token_urlsafe(12)
    coop, members, vehicles = setup_coop(
        f"{tag}-h", cars=CARS, members=MEMBERS + 1, password_hash=make_password(password)
    )
    slots = plan([v.pk for v in vehicles])
    by_pk = {v.pk: v for v in vehicles}
    owner = members[MEMBERS]  # the 21st member booked the taken slots before the run
    for s in {s for member_slots in slots.values() for s in member_slots if s.kind == "taken"}:
        reservation_create(member=owner, vehicle=by_pk[s.car], starts_at=s.starts_at, ends_at=s.ends_at)
    return coop, [m.user.email for m in members[:MEMBERS]], password, slots


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    """The production settings, given what they refuse to start without."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="deel.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),  # made for this run only
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",  # nothing leaves the machine
        CELERY_BROKER_URL="",  # tasks run in the request, as without a broker
        LOG_LEVEL="WARNING",
    )
    env.pop("DEBUG", None)
    return env


def start_gunicorn(port: int, env: dict[str, str], log) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn), "deel.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    command += ["--worker-class", "sync", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(base: str, server: subprocess.Popen) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        with contextlib.suppress(requests.RequestException):  # not listening yet, or its workers still booting
            if requests.get(f"{base}/healthz", headers={"X-Forwarded-Proto": "https"}, timeout=10).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def workers_cpu_s(server: subprocess.Popen) -> float:
    """CPU seconds the gunicorn workers have used so far (Linux /proc; nan elsewhere)."""
    try:
        pids = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        ticks = 0
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return math.nan
    return ticks / os.sysconf("SC_CLK_TCK")


def stop(server: subprocess.Popen) -> None:
    server.terminate()  # graceful: workers finish their request
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class Browser:
    """One member's `requests` session, as a browser behind the TLS proxy."""

    def __init__(self, base: str):
        import requests

        self.base = base
        self.http = requests.Session()
        self.http.headers["X-Forwarded-Proto"] = "https"
        self.origin = "https://" + base.removeprefix("http://")

    def cookies(self) -> str:
        """The Cookie header. requests, like a browser, keeps Secure cookies to HTTPS; the
        client stands where the TLS proxy is, so it sends them over loopback HTTP itself."""
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)

    def get(self, path: str, **kwargs):  # type: ignore[no-untyped-def]
        response = self.http.get(
            self.base + path, headers={"Cookie": self.cookies()}, timeout=REQUEST_TIMEOUT_S, **kwargs
        )
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code}")
        return response

    def post(self, path: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
        return self.http.post(
            self.base + path,
            data=data,
            headers={"Origin": self.origin, "Cookie": self.cookies()},
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT_S,
        )

    def login(self, email: str, password: str) -> None:
        token = csrf_token(self.get("/accounts/login/").text)
        response = self.post("/accounts/login/", {"login": email, "password": password, "csrfmiddlewaretoken": token})
        if response.status_code != 302 or "sessionid" not in self.http.cookies:
            raise RuntimeError(f"login of {email}: {response.status_code}")


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def book(
    browser: Browser, coop_slug: str, slot: Slot, tally: Tally, *, timed: bool, think_s: tuple[float, float]
) -> None:
    """GET the form of the slot, think, POST the booking (timed), follow the redirect and read
    the page it lands on; check the outcome."""
    prefix = f"/c/{coop_slug}/reservations/"
    times = {
        "starts_at": slot.starts_at.strftime(FORM_FORMAT),
        "ends_at": slot.ends_at.strftime(FORM_FORMAT),
    }
    form = browser.get(prefix + "find/", params=times)
    data = {"csrfmiddlewaretoken": csrf_token(form.text), "vehicle": str(slot.car), "note": "", **times}
    time.sleep(think_s[0])
    started = time.perf_counter()
    response = browser.post(prefix + "book/", data)
    elapsed_ms = (time.perf_counter() - started) * 1000
    location = response.headers.get("Location", "")
    if response.status_code != 302:
        raise RuntimeError(f"POST book/: {response.status_code}")
    landed = browser.get(location)
    if re.fullmatch(re.escape(prefix) + r"\d+/", location):
        outcome = "booked"
    elif location.startswith(prefix + "find/?") and CONFLICT_TEXT in landed.text:
        outcome = "refused"
    else:
        raise RuntimeError(f"POST book/ led to {location} without the conflict message")
    with tally.lock:
        if timed:
            tally.post_ms.append(elapsed_ms)
        counts = tally.booked if outcome == "booked" else tally.refused
        counts[slot] = counts.get(slot, 0) + 1
    time.sleep(think_s[1])


def check(tally: Tally, slots: dict[int, list[Slot]]) -> list[str]:
    """What went otherwise than a free slot booked, a taken one refused, a contested one booked once."""
    wrong = []
    attempted = {s for member_slots in slots.values() for s in member_slots}
    for s in sorted(attempted, key=lambda s: (s.kind, s.car, s.starts_at)):
        booked, refused = tally.booked.get(s, 0), tally.refused.get(s, 0)
        if booked + refused == 0:
            continue  # not reached before the deadline (or failed: counted as an error)
        expected = {"free": booked == 1, "taken": booked == 0, "contested": booked == 1}[s.kind]
        if not expected:
            wrong.append(f"{s.kind} slot car {s.car} {s.starts_at:%d-%m %H:%M}: booked {booked}, refused {refused}")
    return wrong


def bench_http_post(tag: str) -> bool:
    from django.db import connection

    from reservations.models import Reservation

    if connection.vendor != "postgresql":
        print("2. booking form over HTTP: skipped (the target is for PostgreSQL)")
        return True
    coop, emails, password, slots = prepare(tag)
    load_before = f"{os.getloadavg()[0]:.1f}"
    env = server_env()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    tally = Tally()
    with tempfile.NamedTemporaryFile("w+", prefix="bench-gunicorn-", suffix=".log", delete=False) as log:
        server = start_gunicorn(port, env, log)
        try:
            wait_ready(base, server)
            browsers = [Browser(base) for _ in emails]
            for browser, email in zip(browsers, emails, strict=True):
                browser.login(email, password)
            started, server_cpu, client_cpu = time.perf_counter(), workers_cpu_s(server), time.process_time()
            run_members(browsers, coop.slug, slots, tally)
            elapsed = time.perf_counter() - started
            server_cpu = workers_cpu_s(server) - server_cpu
            client_cpu = time.process_time() - client_cpu
        finally:
            stop(server)
        log.seek(0)
        server_log = log.read()
    os.unlink(log.name)
    wrong = check(tally, slots)
    stored = Reservation.objects.filter(cooperative=coop, member__number__lte=MEMBERS).count()
    booked = sum(tally.booked.values())
    if stored != booked:
        wrong.append(f"{stored} bookings stored, {booked} redirected to a booking")
    times = sorted(tally.post_ms)
    count = len(times)
    median = statistics.median(times) if times else math.inf
    p95 = times[math.ceil(0.95 * count) - 1] if times else math.inf
    errors = len(tally.errors) + len(wrong)
    ok = count > 0 and errors == 0 and median < MAX_MS and p95 < MAX_MS
    refused = sum(tally.refused.values())
    print(
        f"2. booking form over HTTP, {MEMBERS} members at once, gunicorn {WORKERS} sync workers"
        + (f", thinking {THINK_S * 1000:.0f} ms (mean) on each page" if THINK_S else ", no pause (stress)")
        + f": {count} POSTs timed in {elapsed:.1f} s ({booked} booked, {refused} refused as conflicts, "
        f"warm-up included), {errors} errors"
    )
    print(
        f"   POST until its redirect: median {median:.1f} ms, p95 {p95:.1f} ms, max {times[-1] if times else 0:.1f} ms "
        f"(target both < {MAX_MS:.0f} ms) -> {verdict(ok)}"
    )
    rounds = max(1, sum(tally.booked.values()) + sum(tally.refused.values()))
    print(
        f"   CPU per booking round (form, POST, landing page): gunicorn workers {server_cpu * 1000 / rounds:.1f} ms, "
        f"this client {client_cpu * 1000 / rounds:.1f} ms (PostgreSQL not counted); load average before/after "
        f"{load_before} / {os.getloadavg()[0]:.1f}"
    )
    for e in (tally.errors + wrong)[:5]:
        print("   ", e)
    if tally.errors and server_log.strip():
        print("   gunicorn said:", server_log.strip()[-2000:])
    return ok


def run_members(browsers: list[Browser], coop_slug: str, slots: dict[int, list[Slot]], tally: Tally) -> None:
    """Each member in its own thread: one warm-up booking, then the timed ones together."""
    barrier = threading.Barrier(len(browsers))
    deadline = time.monotonic() + DEADLINE_S

    def member(i: int) -> None:
        rng = random.Random(i)
        for j, slot in enumerate(slots[i]):
            if j == 1:
                try:
                    barrier.wait(timeout=120)
                except threading.BrokenBarrierError:
                    return  # a warm-up failed (counted there)
            if j > 0 and time.monotonic() > deadline:
                return
            try:
                think_s = (THINK_S * rng.uniform(1 / 3, 5 / 3), THINK_S * rng.uniform(1 / 3, 5 / 3))
                book(browsers[i], coop_slug, slot, tally, timed=j > 0, think_s=think_s)
            except Exception as exc:  # noqa: BLE001 - counted as an error
                with tally.lock:
                    tally.errors.append(f"member {i} round {j}: {exc!r}")
                if j == 0:
                    barrier.abort()
                    return

    threads = [threading.Thread(target=member, args=(i,)) for i in range(len(browsers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> int:
    django_migrated()
    from django.db import connection

    print(f"Booking form benchmark on {connection.vendor} ({connection.settings_dict['NAME']})")
    ok = bench_http_post(time.strftime("%Y%m%d%H%M%S"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
