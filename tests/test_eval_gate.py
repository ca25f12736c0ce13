"""Quality floors of the fuzzy stages (tests/eval_gate.py): reduced runs by default, full with -m slow."""

from __future__ import annotations

import pytest

from tests import eval_gate

pytestmark = pytest.mark.skipif(
    not eval_gate.data_dir().is_dir(), reason="the shared evaluation data is not beside the repository"
)


@pytest.mark.parametrize("name", eval_gate.names())
def test_reduced_floors(name: str) -> None:
    assert eval_gate.check(name, "reduced") == []


@pytest.mark.slow
@pytest.mark.parametrize("name", eval_gate.names())
def test_full_floors(name: str) -> None:
    assert eval_gate.check(name, "full") == []
