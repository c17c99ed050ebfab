import pytest
from django.db import connection, transaction

from .year import run_year


@pytest.fixture(scope="module")
def year(request, django_db_setup, django_db_blocker):
    """The simulated year, run once for every test of the module and rolled back afterwards.
    Its time is printed in the terminal summary (a benchmark figure, not an assertion)."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = run_year()
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        if reporter is not None and capture is not None:
            with capture.global_and_fixture_disabled():
                reporter.write_line(
                    f"\nyear test on {connection.vendor}: {result.seconds:.1f} s wall, {result.cpu_seconds:.1f} s CPU"
                    f" of this process; {dict(result.counts)}"
                )
        yield result
        transaction.set_rollback(True)
