"""Every builder's output is a valid xAPI statement by Ralph's own model."""

from lms.xapi import statements
from tests.xapi import ralph
from tests.xapi.utils import EVENTS, build_event, sample_employee


def test_every_builder_output_passes_ralphs_statement_model():
    names = sorted(EVENTS)
    payloads = [
        statements.to_payload(build_event(name, sample_employee(), n))
        for n, name in enumerate(names, start=1)
    ]
    verdicts = ralph.validate(payloads)
    assert dict(zip(names, verdicts, strict=True)) == dict.fromkeys(names)


def test_ralphs_model_does_reject_a_broken_statement():
    payload = statements.to_payload(build_event("quiz_passed", sample_employee()))
    del payload["verb"]
    payload["result"]["score"]["scaled"] = 3
    [verdict] = ralph.validate([payload])
    assert "verb" in verdict and "scaled" in verdict
