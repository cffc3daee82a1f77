"""Counting conformance outcomes and grouping failures into reasons."""

from __future__ import annotations

from benchmarks.conformance.results import ServiceResult, failure_reason, reasons_section


def test_failure_reason_keeps_type_and_first_line_and_blanks_ids():
    message = (
        "botocore.exceptions.ClientError: An error occurred (NoSuchKey) for request "
        "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\nmore details\n"
    )
    assert failure_reason(message) == "botocore.exceptions.ClientError: An error occurred (NoSuchKey) for request <uuid>"


def test_failure_reason_of_an_empty_message():
    assert failure_reason("  \n") == "(no message)"


def test_failure_reason_is_capped():
    assert len(failure_reason("AssertionError: " + "x" * 500)) == 180


def test_counts_pass_rate_and_grouped_reasons():
    outcomes = {
        "tests": {
            "a": {"outcome": "passed", "message": ""},
            "b": {"outcome": "passed", "message": ""},
            "c": {"outcome": "passed", "message": ""},
            "d": {"outcome": "failed", "message": "AssertionError: assert 1 == 2\n  detail"},
            "e": {"outcome": "failed", "message": "AssertionError: assert 1 == 2"},
            "f": {"outcome": "error", "message": "KeyError: 'x'"},
            "g": {"outcome": "skipped", "message": "requires docker"},
        },
        "collection_errors": {"tests/test_sqs/test_server.py": "ModuleNotFoundError: flask"},
    }
    result = ServiceResult.from_files("sqs", {"collected": 9, "rules": {"backends": 2}}, outcomes)
    assert result.applicable == 6
    assert result.pass_rate == 0.5
    assert result.reasons.most_common() == [("AssertionError: assert 1 == 2", 2), ("KeyError: 'x'", 1)]
    row = result.summary_row()
    assert "| sqs | n/a | 9 | 2 | 3 | 2 | 1 | 1 | 1 | 50.0% | FAIL |" == row
    section = "\n".join(reasons_section(result))
    assert "| 2 | `AssertionError: assert 1 == 2` |" in section
    assert "`tests/test_sqs/test_server.py`" in section


def test_a_service_with_no_verdicts_has_no_pass_rate():
    result = ServiceResult("sts")
    assert result.pass_rate is None
    assert result.summary_row().endswith("| n/a | n/a |")
