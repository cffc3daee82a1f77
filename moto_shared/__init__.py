"""moto-shared: mock AWS for tests, with state shared across threads, processes and xdist workers.

    from moto_shared import mock_aws

    @mock_aws
    def test_queue():
        sqs = boto3.client("sqs", region_name="us-east-1")
        ...

Names are imported on first use, so that `import moto_shared.store` (or a
child process's startup hook) doesn't load the protocol layer and botocore.
"""

import importlib

_EXPORTS = {
    "mock_aws": "moto_shared.core.mock",
    "override_responses_real_send": "moto_shared.core.mock",
    "wipe_namespace": "moto_shared.core.mock",
    "run_once": "moto_shared.core.once",
    "AWSError": "moto_shared.errors",
    "StoreError": "moto_shared.store.base",
}

__all__ = sorted(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'moto_shared' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
