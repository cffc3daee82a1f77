"""docker-compose.yml starts the Redis that docs/stores.md tells users to point at."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).parent.parent


def test_compose_publishes_the_port_the_docs_give():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    redis = compose["services"]["redis"]
    assert redis["image"].startswith("redis:7")
    published = {str(mapping).split(":")[0] for mapping in redis["ports"]}

    docs = (ROOT / "docs" / "stores.md").read_text()
    assert "docker compose up -d redis" in docs
    documented = re.search(r"MOTO_SHARED_STORE=(redis://\S+)", docs).group(1)
    assert str(urlsplit(documented).port) in published
