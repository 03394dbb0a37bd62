"""A misspelt care tag in a visit policy gets a did-you-mean (issue 13)."""

from __future__ import annotations

import pytest

from gridgov.errors import SpecError
from gridgov.visits import (
    FrequencyRule,
    TriggerKind,
    TriggerRule,
    VisitPolicy,
    compile_policy,
)


def test_a_misspelt_tag_in_a_rule_and_a_trigger_is_named_with_its_fix() -> None:
    policy = VisitPolicy(
        "p",
        floor=FrequencyRule("floor"),
        rules=(FrequencyRule("alone", tags=("elderly_living_alon",)),),
        triggers=(TriggerRule(on=TriggerKind.NEW_TAG, tags=("left_behind_chld",)),),
    )
    with pytest.raises(SpecError) as caught:
        compile_policy(policy)
    text = str(caught.value)
    assert "'elderly_living_alon'; did you mean 'elderly_living_alone'?" in text
    assert "'left_behind_chld'; did you mean 'left_behind_child'?" in text
