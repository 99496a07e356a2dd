from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def schema():
    from hopsim.config import load_schema

    return load_schema(REPO / "workflow/schemas/config.schema.yaml")
