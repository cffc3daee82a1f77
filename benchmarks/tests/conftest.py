"""Make `benchmarks` importable however pytest is started.

The repository root goes at the END of sys.path: `benchmarks` is found there,
while `moto_shared` still comes from the installed wheel when there is one
(CI tests the wheel, whose `moto_shared.adapters` the source tree lacks).
"""

import sys
from pathlib import Path

REPO = str(Path(__file__).resolve().parents[2])
if REPO not in sys.path:
    sys.path.append(REPO)
