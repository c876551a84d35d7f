"""Schemathesis against the API's own schema, as its command line runs it: every phase
(examples, coverage, fuzzing), positive and negative data, every check, at least 100
generated examples per operation that takes parameters. The app is called in-process
through WSGI from Schemathesis' worker threads, so the catalogue is committed (a
transactional test)."""

from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import connections
from schemathesis.engine import Status, events

EXAMPLES = 100


def closing(application):
    """The app, closing the calling thread's database connections after each request:
    worker threads open their own, and none may be left when the test database is
    dropped."""

    def app(environ, start_response):
        response = application(environ, start_response)
        try:
            return list(response)
        finally:
            response.close()
            connections.close_all()

    return app


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_passes_every_schemathesis_check(api_catalogue):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", closing(get_wsgi_application()))
    schema.config.generation.update(max_examples=EXAMPLES)
    schema.config.seed = 9

    cases: Counter = Counter()
    checks_run: Counter = Counter()
    failures: list[str] = []
    errors: list[str] = []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            cases[recorder.label] += len(recorder.cases)
            for checks in recorder.checks.values():
                for check in checks:
                    checks_run[check.name] += 1
                    if check.status == Status.FAILURE:
                        failures.append(f"{recorder.label}: {check.name}: {check.failure_info}")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(str(getattr(event, "info", event)))

    operations = sorted(label for label in cases if label.startswith("GET "))
    print(
        f"\nschemathesis: {len(operations)} operations, {dict(cases)} cases, "
        f"{len(failures)} failures, {len(errors)} errors; checks run: {dict(checks_run)}"
    )
    assert not errors, errors[:3]
    assert not failures, "\n".join(failures[:10])
    assert operations == [
        "GET /api/v1/cases",
        "GET /api/v1/cases/{slug}",
        "GET /api/v1/vocabularies",
    ]
    # An operation without parameters has one request to make: Hypothesis stops early.
    assert min(cases[label] for label in operations if "vocabularies" not in label) >= EXAMPLES
