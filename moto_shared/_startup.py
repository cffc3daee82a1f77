"""Run by `moto_shared_startup.pth` at interpreter start when a parent process has a mock active.

The .pth line only imports this module when CHILD_NAMESPACE_ENV is set, so
processes without a parent mock pay nothing but one environment lookup.
"""

import os

from moto_shared.core.mock import CHILD_CONFIG_ENV, CHILD_NAMESPACE_ENV, CHILD_STORE_ENV, join_inherited

if os.environ.get(CHILD_STORE_ENV) and os.environ.get(CHILD_NAMESPACE_ENV):
    join_inherited(os.environ[CHILD_STORE_ENV], os.environ[CHILD_NAMESPACE_ENV], os.environ.get(CHILD_CONFIG_ENV))
