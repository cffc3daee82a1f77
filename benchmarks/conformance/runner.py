"""Run Moto's own test suite, from the pinned Moto release's source distribution, against moto-shared.

Nothing of Moto's is kept in the repository: the runner builds a dedicated
virtualenv under the cache folder (Moto must not land in the project's test
environment), installs the pinned Moto and this checkout (as a wheel, the way
users get it) there, downloads Moto's sdist for the same version, and runs its
tests/test_<service>/ folders with `plugin.py`, one pytest run per service.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shlex
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

from benchmarks.conformance import OUT_ENV
from benchmarks.conformance import results as report
from benchmarks.conformance.exclusions import RULES

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = REPO / ".conformance"
#: botocore service name (moto_shared.services.IMPLEMENTED) -> Moto's test folder.
TEST_FOLDERS = {
    "sqs": "test_sqs",
    "sts": "test_sts",
    "s3": "test_s3",
    "dynamodb": "test_dynamodb",
    "dynamodbstreams": "test_dynamodbstreams",
    "cognito-idp": "test_cognitoidp",
}
FAST_SERVICES = ("sqs", "sts")
#: Test tools Moto's suite needs next to Moto itself (pyotp 2.10 broke Moto's Cognito TOTP tests;
#: pycognito is imported by its main Cognito test module).
TEST_REQUIREMENTS = ["pytest", "pytest-xdist", "pytest-timeout", "freezegun", "pyotp<2.10", "pycognito"]
PER_TEST_TIMEOUT_SECONDS = 120
#: Dummy credentials, as Moto's own CI sets them: some tests create clients before any mock starts.
DUMMY_AWS_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def moto_requirement() -> str:
    """The Moto pin of the `benchmark` extra in pyproject.toml: one pin for benchmarks and conformance."""
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    pin = next(requirement for requirement in extras["benchmark"] if requirement.startswith("moto"))
    if "==" not in pin:
        raise SystemExit(f"pyproject.toml must pin Moto exactly in the benchmark extra, not {pin!r}")
    return pin


def moto_version(requirement: str) -> str:
    return requirement.split("==", 1)[1].strip()


def _run(command: list[str], **kwargs) -> None:
    print("$", shlex.join(command), flush=True)
    subprocess.run(command, check=True, **kwargs)


def _source_hash() -> str:
    """Changes whenever the package's source does, so the venv gets a fresh wheel."""
    digest = hashlib.sha256()
    for folder in ("moto_shared", "adapters"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode())
                digest.update(path.read_bytes())
    digest.update((REPO / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def ensure_environment(cache: Path, requirement: str) -> Path:
    """The dedicated venv's python, with Moto, the test tools and this checkout installed and current."""
    venv = cache / f"venv-moto-{moto_version(requirement)}"
    python = venv / "bin" / "python"
    if not python.exists():
        _run([sys.executable, "-m", "venv", "--clear", str(venv)])
        site_packages = Path(subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
        # After site-packages on sys.path: `benchmarks` comes from this checkout, `moto_shared` from the wheel.
        (site_packages / "moto_shared_conformance.pth").write_text(str(REPO) + "\n")
    requirements = [requirement, *TEST_REQUIREMENTS]
    installed_requirements = venv / "moto-shared-conformance-requirements"
    if not installed_requirements.exists() or installed_requirements.read_text() != "\n".join(requirements):
        _run([str(python), "-m", "pip", "install", "--quiet", *requirements])
        installed_requirements.write_text("\n".join(requirements))
    installed = venv / "moto-shared-source-hash"
    current = _source_hash()
    if not installed.exists() or installed.read_text() != current:
        _run([str(python), "-m", "pip", "install", "--quiet", str(REPO)])  # a local folder is always rebuilt
        installed.write_text(current)
    return python


def ensure_sources(cache: Path, requirement: str, python: Path) -> Path:
    """Moto's sdist for the pinned version, unpacked; downloaded once."""
    version = moto_version(requirement)
    source = cache / f"moto-{version}"
    if (source / "tests").is_dir():
        return source
    downloads = cache / "downloads"
    _run([str(python), "-m", "pip", "download", "--quiet", "--no-binary", ":all:", "--no-deps",
          f"moto=={version}", "-d", str(downloads)])
    archive = downloads / f"moto-{version}.tar.gz"
    with tarfile.open(archive) as tar:
        tar.extractall(cache, filter="data")
    return source


def implemented_services() -> dict[str, tuple[int, int]]:
    """Services we emulate whose package imports, with (operations implemented, operations in the model)."""
    import importlib

    from moto_shared.protocol import load_service_model
    from moto_shared.services import IMPLEMENTED, find_operation

    found = {}
    for service, package in IMPLEMENTED.items():
        try:
            importlib.import_module(package)
        except ImportError:
            continue
        names = load_service_model(service).operation_names
        found[service] = (sum(find_operation(service, name) is not None for name in names), len(names))
    return found


def implemented_services_in(python: Path, cache: Path) -> dict[str, tuple[int, int]]:
    """`implemented_services()` as the installed wheel answers it (the runner's own Python may lack botocore)."""
    code = "import json; from benchmarks.conformance.runner import implemented_services as f; print(json.dumps(f()))"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    output = subprocess.check_output([str(python), "-c", code], cwd=cache, env=env, text=True)
    return {service: tuple(counts) for service, counts in json.loads(output).items()}


def run_service(python: Path, source: Path, service: str, out: Path, workers: int) -> report.ServiceResult:
    """One pytest run over Moto's test folder for a service; returns its counts."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.json"):
        stale.unlink()
    command = [
        str(python), "-m", "pytest", f"tests/{TEST_FOLDERS[service]}",
        "-p", "benchmarks.conformance.plugin", "-p", "no:cacheprovider",
        "-m", "not network", "--continue-on-collection-errors",
        f"--timeout={PER_TEST_TIMEOUT_SECONDS}", "--durations=15", "-vv", "--color=no",  # -vv: whole values in messages
    ]
    if workers > 1:
        command += ["-n", str(workers)]
    env = {**os.environ, **DUMMY_AWS_ENVIRONMENT, "TESTS_SKIP_REQUIRES_DOCKER": "true", OUT_ENV: str(out)}
    env.pop("AWS_PROFILE", None)  # a profile would win over the dummy keys and name no real account here
    env.pop("PYTHONPATH", None)  # the wheel, not a source tree, must answer `import moto_shared`
    log = out / "pytest.log"
    print(f"[{service}] running Moto's tests/{TEST_FOLDERS[service]} (log: {log})", flush=True)
    started = time.monotonic()
    with log.open("w") as handle:
        completed = subprocess.run(command, cwd=source, env=env, stdout=handle, stderr=subprocess.STDOUT)
    # pytest's own "N failed, N passed" line stays in the log: CI would take it for the project's test summary.
    print(f"[{service}] pytest exit {completed.returncode} in {time.monotonic() - started:.0f} s", flush=True)
    last_line = next((line for line in reversed(log.read_text().splitlines()) if line.strip()), "")
    try:
        exclusions = json.loads((out / "exclusions.json").read_text())
        outcomes = json.loads((out / "outcomes.json").read_text())
    except FileNotFoundError:
        return report.ServiceResult(service, note=f"pytest did not finish a run (exit {completed.returncode}); "
                                                  f"see {log}: `{last_line}`")
    return report.ServiceResult.from_files(service, exclusions, outcomes)


def write_markdown(path: Path, command: str, requirement: str, service_results: list[report.ServiceResult],
                   seconds: float) -> None:
    lines = [
        "# Conformance with Moto's own tests",
        "",
        "Generated by the conformance runner; do not edit by hand. This page came from:",
        "",
        "```bash",
        command,
        "```",
        "",
        f"Moto release: `{requirement}` (its source distribution's `tests/`, downloaded by the runner, never",
        f"copied here). Run on {datetime.date.today().isoformat()}, {seconds / 60:.1f} minutes.",
        "",
        "## Commands",
        "",
        "Any Python 3.11+ with PyPI access; run from the repository root (the runner installs everything",
        "else into `.conformance/`, gitignored; the first run spends a few minutes there):",
        "",
        "```bash",
        "python -m benchmarks.conformance                 # every implemented service; rewrites this page",
        "python -m benchmarks.conformance --fast          # sqs + sts, about 2 minutes: the CI subset",
        "python -m benchmarks.conformance --services s3   # chosen services; prints, writes with --output",
        "python -m benchmarks.conformance --fast --min-pass-rate 0.9   # exit 1 below the target",
        "MOTO_SHARED_STORE=redis://127.0.0.1:6379/0 python -m benchmarks.conformance --fast   # on Redis",
        "```",
        "",
        "Each service's pytest log, with its 15 slowest tests, is in `.conformance/results/<service>/pytest.log`.",
        "",
        "## How it runs",
        "",
        "* The runner (`benchmarks/conformance/runner.py`) creates a dedicated virtualenv in `.conformance/`",
        "  (Moto must never be importable in the project's own test environment), installs the pinned Moto,",
        "  the test tools (`pyotp<2.10` for Cognito) and this checkout as a wheel, downloads Moto's sdist of",
        "  the same version and runs `pytest tests/test_<service>` in it, one run per service, with",
        "  `TESTS_SKIP_REQUIRES_DOCKER=true`, `-m \"not network\"` and `--continue-on-collection-errors`, and",
        "  with dummy credentials as Moto's own CI sets them (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,",
        "  `AWS_SECURITY_TOKEN`, `AWS_SESSION_TOKEN` = `testing`, `AWS_DEFAULT_REGION=us-east-1`), since some",
        "  tests create clients before any mock starts.",
        "* A pytest plugin (`benchmarks/conformance/plugin.py`, loaded with `-p` before any test module)",
        "  makes `moto.mock_aws` and `moto.core.decorator.mock_aws` be `moto_shared.mock_aws`.",
        "* Tests that reach into Moto's internals are deselected by rules on their source",
        "  (`benchmarks/conformance/exclusions.py`): the test, its decorators, its class's setup, the",
        "  helpers it calls or uses as a bare decorator (from its module, its package or another test",
        "  module it imports them from) and the fixtures it requests are scanned; branches that run only",
        "  in Moto's server or proxy mode (`if settings.is_test_proxy_mode():`) are skipped. The rules, in",
        "  order (a test counts under the first it breaks): *backends* (`moto.<service>.models`,",
        "  `*_backends`), *settings* (`moto.settings.*`), *server mode* (`moto.server`,",
        "  `ThreadedMotoServer`), *moto.core internals* (`moto.core.*` but `mock_aws`), *other Moto",
        "  internals* (any other `moto.*` module), *other services* (a boto3 client of a service",
        "  moto-shared does not emulate: IAM, Lambda, CloudFormation...). Allowed when only read:",
        "  upper-case constants (`DEFAULT_ACCOUNT_ID`), the run-mode guards (`settings.TEST_SERVER_MODE`)",
        "  and Moto's `LooseVersion` (botocore version checks). Writing counts under the rule of the",
        "  module written to: assigning a Moto constant (`s3model.S3_UPLOAD_PART_MIN_SIZE = 256`) or",
        "  naming one as a patch target (`patch(\"moto.s3.models.FakeBucket...\")`, `mock.patch(\"moto...\")`,",
        "  `monkeypatch.setattr(\"moto...\", ...)`).",
        "* Pass rate = passed / (passed + failed + errors); skipped tests (docker-only, AWS-only) don't count.",
        "* CI (`.ci/run`) runs `python -m benchmarks.conformance --fast --min-pass-rate 0.85` after the",
        "  project's tests: it fails only when the run breaks or a pass rate falls under 85%.",
        "",
        "## Results",
        "",
        *report.SUMMARY_HEADER,
        *[result.summary_row() for result in service_results],
        "",
        "## Excluded tests, per rule (test cases, after parametrization)",
        "",
        *report.exclusion_table(service_results, RULES),
        "",
        "## Top failure reasons (exception type and first line of the message; top 10 per service)",
        "",
    ]
    for result in service_results:
        lines += report.reasons_section(result)
    path.write_text("\n".join(lines))


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.conformance", description=__doc__.split("\n")[0])
    parser.add_argument("--fast", action="store_true", help=f"only {', '.join(FAST_SERVICES)} (the CI subset)")
    parser.add_argument("--services", help="comma-separated services (botocore names, e.g. sqs,cognito-idp)")
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers (default %(default)s)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="venv, sdist and logs (default %(default)s)")
    parser.add_argument("--output", type=Path, help="markdown report (default: docs/conformance.md for a full run)")
    parser.add_argument("--min-pass-rate", type=float,
                        help="exit 1 if a service's pass rate is below this fraction (e.g. 0.9)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parse(argv)
    if args.services:
        wanted = [name.strip() for name in args.services.split(",") if name.strip()]
        aliases = {folder.removeprefix("test_"): service for service, folder in TEST_FOLDERS.items()}
        wanted = [aliases.get(name, name) for name in wanted]
    else:
        wanted = list(FAST_SERVICES) if args.fast else list(TEST_FOLDERS)
    unknown = [name for name in wanted if name not in TEST_FOLDERS]
    if unknown:
        raise SystemExit(f"unknown services {unknown}; known: {', '.join(TEST_FOLDERS)}")

    started = time.monotonic()
    requirement = moto_requirement()
    cache = args.cache.resolve()
    python = ensure_environment(cache, requirement)
    source = ensure_sources(cache, requirement, python)
    available = implemented_services_in(python, cache)
    services = [name for name in wanted if name in available]
    for missing in sorted(set(wanted) - set(services)):
        print(f"skipping {missing}: moto-shared does not implement it (yet)")
    service_results = []
    for service in services:
        result = run_service(python, source, service, cache / "results" / service, args.workers)
        result.operations = available[service]
        service_results.append(result)

    print()
    print("\n".join(report.SUMMARY_HEADER + [result.summary_row() for result in service_results]))
    for result in service_results:
        print()
        print("\n".join(report.reasons_section(result)))
    output = args.output or (REPO / "docs" / "conformance.md" if not (args.fast or args.services) else None)
    if output is not None:
        command = "python -m benchmarks.conformance " + shlex.join(argv)
        write_markdown(output, command.strip(), requirement, service_results, time.monotonic() - started)
        print(f"wrote {output}")
    if args.min_pass_rate is not None:
        if not service_results:
            print("no service ran: nothing to hold to the minimum pass rate")
            return 1
        below = [r.service for r in service_results if (r.pass_rate or 0) < args.min_pass_rate]
        if below:
            print(f"pass rate below {args.min_pass_rate:.0%}: {', '.join(below)}")
            return 1
    return 0
