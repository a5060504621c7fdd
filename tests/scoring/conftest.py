from __future__ import annotations

import pytest

from thoughtful.scoring.keys import create_api_key
from thoughtful.scoring.models import ApiKey


@pytest.fixture
def api_key(db: None) -> tuple[ApiKey, str]:
    return create_api_key(name="coral", rate_limit_per_minute=100)
