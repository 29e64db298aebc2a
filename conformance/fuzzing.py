"""Runs schemathesis over one operation and collects what went wrong, for the fuzz tests of every
suite (`test_fuzz_schemathesis.py`, `test_embeddings.py`, `test_images_audio.py`)."""

from __future__ import annotations

import schemathesis.engine
from schemathesis.engine import events


def fuzz(schema) -> tuple[int, list[str]]:
    """Executes `schema` (already narrowed to one operation); returns the number of cases sent and
    the distinct problems: failed checks (with a reproduction), errors, and the engine's own."""
    failures: list[str] = []
    cases = 0
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.cases)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        failures.append(f"[{check.name}] {failure.title}: {failure.message}\n"
                                        f"  reproduce: {check.failure_info.code_sample}")
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            error = event.value if isinstance(event, events.NonFatalError) else event.exception
            failures.append(f"[error] {type(error).__name__}: {error}"
                            + (f" ({event.label})" if isinstance(event, events.NonFatalError) else ""))
        elif isinstance(event, events.EngineFinished):
            failures += [f"[{failure.title}] {failure.message}" for failure in event.failures]
    return cases, list(dict.fromkeys(failures))
