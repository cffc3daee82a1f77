"""The wheel users install holds the adapters, the startup hook and the pytest plugin."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("*.whl")
    return zipfile.ZipFile(path)


def test_wheel_contents(wheel):
    names = set(wheel.namelist())
    assert "moto_shared_startup.pth" in names
    assert "moto_shared/adapters/__init__.py" in names
    assert "moto_shared/adapters/memory.py" in names
    assert "moto_shared/pytest_plugin.py" in names
    assert not any(name.startswith("adapters/") for name in names), "never install a top-level 'adapters'"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "moto_shared = moto_shared.pytest_plugin" in wheel.read(entry_points).decode()


@pytest.mark.skipif(not os.environ.get("MOTO_SHARED_TEST_INSTALLED"), reason="only when testing an installed wheel (CI)")
def test_suite_runs_against_the_installed_wheel():
    import moto_shared
    import moto_shared.adapters

    site_packages = Path(moto_shared.__file__).resolve().parent.parent
    assert ROOT not in Path(moto_shared.__file__).resolve().parents
    assert (site_packages / "moto_shared_startup.pth").exists()
    assert Path(moto_shared.adapters.__file__).resolve().is_relative_to(site_packages)
    plugins = {ep.name for ep in metadata.entry_points(group="pytest11")}
    assert "moto_shared" in plugins
