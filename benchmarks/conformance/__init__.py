"""Moto's own test suite, run against moto-shared (see docs/conformance.md)."""

#: Where the pytest plugin writes its exclusion counts and outcomes for the runner (a folder).
OUT_ENV = "MOTO_SHARED_CONFORMANCE_OUT"
