"""Counting outcomes per service and grouping failures into reasons a service owner can act on."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

TARGET_PASS_RATE = 0.90
TOP_REASONS = 10

_VOLATILE = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{16,}\b", re.I), "<hex>"),
    (re.compile(r"0x[0-9a-f]+", re.I), "<addr>"),
]
MAX_REASON_LENGTH = 180


def failure_reason(message: str) -> str:
    """The exception type and the first line of its message, with ids blanked so that alike failures group."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    first = lines[0] if lines else "(no message)"
    for pattern, placeholder in _VOLATILE:
        first = pattern.sub(placeholder, first)
    return first if len(first) <= MAX_REASON_LENGTH else first[: MAX_REASON_LENGTH - 3] + "..."


@dataclass
class ServiceResult:
    service: str
    collected: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    collection_errors: dict[str, str] = field(default_factory=dict)
    operations: tuple[int, int] | None = None  # (implemented, in the model)
    note: str = ""

    @classmethod
    def from_files(cls, service: str, exclusions: dict, outcomes: dict) -> "ServiceResult":
        result = cls(service, collected=exclusions.get("collected", 0), excluded=exclusions.get("rules", {}),
                     collection_errors=outcomes.get("collection_errors", {}))
        for test in outcomes.get("tests", {}).values():
            result.counts[test["outcome"]] += 1
            if test["outcome"] in ("failed", "error"):
                result.reasons[failure_reason(test["message"])] += 1
        return result

    @property
    def applicable(self) -> int:
        """Tests that ran to a verdict (skips, e.g. docker-only or AWS-only tests, don't count)."""
        return self.counts["passed"] + self.counts["failed"] + self.counts["error"]

    @property
    def pass_rate(self) -> float | None:
        return self.counts["passed"] / self.applicable if self.applicable else None

    def summary_row(self) -> str:
        rate = f"{self.pass_rate:.1%}" if self.pass_rate is not None else "n/a"
        verdict = "n/a" if self.pass_rate is None else ("PASS" if self.pass_rate >= TARGET_PASS_RATE else "FAIL")
        operations = f"{self.operations[0]}/{self.operations[1]}" if self.operations else "n/a"
        return (f"| {self.service} | {operations} | {self.collected} | {sum(self.excluded.values())} | "
                f"{self.counts['passed']} | {self.counts['failed']} | {self.counts['error']} | "
                f"{self.counts['skipped']} | {len(self.collection_errors)} | {rate} | {verdict} |")


SUMMARY_HEADER = [
    "| service | operations implemented | tests collected | excluded (internals) | passed | failed | errors "
    "| skipped | files not importable | pass rate | >= 90% |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
]


def exclusion_table(results: list[ServiceResult], rules: tuple[str, ...]) -> list[str]:
    lines = ["| rule | " + " | ".join(r.service for r in results) + " |", "|---|" + "---|" * len(results)]
    for rule in rules:
        lines.append(f"| {rule} | " + " | ".join(str(r.excluded.get(rule, 0)) for r in results) + " |")
    return lines


def reasons_section(result: ServiceResult) -> list[str]:
    lines = [f"### {result.service}", ""]
    if result.note:
        lines += [result.note, ""]
    if not result.reasons and not result.collection_errors:
        lines += ["No failures.", ""]
        return lines
    if result.reasons:
        lines += ["| tests | reason |", "|---|---|"]
        for reason, count in result.reasons.most_common(TOP_REASONS):
            escaped = reason.replace("|", "\\|").replace("`", "'")
            lines.append(f"| {count} | `{escaped}` |")
        lines.append("")
    if result.collection_errors:
        lines += ["Test files that could not be imported:", ""]
        lines += [f"* `{path}`: {message.replace('|', '/')}" for path, message in sorted(result.collection_errors.items())]
        lines.append("")
    return lines
