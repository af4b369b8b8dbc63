"""Reading one CHORUS_* settings dict: unknown keys and values of the wrong kind are named."""

from __future__ import annotations  # field types as names, as in chorus/

from dataclasses import dataclass

import pytest

from chorus.desk import ModerationSettings
from chorus.namespaced import read_namespace, scalar_problems
from chorus.problems import ConfigError
from chorus.publisher import PublisherSettings


@dataclass
class Sample:
    enabled: bool = True
    name: str = ""
    seconds: float = 1.0
    count: int = 1


def test_unknown_keys_are_named_with_the_known_ones():
    given, types, problems = read_namespace({"CHORUS_X": {"nmae": "a", "name": "b"}}, "CHORUS_X", Sample)
    assert given == {"nmae": "a", "name": "b"} and types["name"] == "str"
    assert problems == ["unknown key 'nmae' (known: count, enabled, name, seconds)"]


@pytest.mark.parametrize("given, problem", [
    ({"enabled": "yes"}, "'enabled' must be True or False"),
    ({"name": 3}, "'name' must be text"),
    ({"seconds": True}, "'seconds' must be a number above 0"),
    ({"seconds": 0}, "'seconds' must be a number above 0"),
    ({"count": "5"}, "'count' must be a number above 0"),
])
def test_a_value_of_the_wrong_kind_is_a_problem(given, problem):
    assert scalar_problems(given, {"enabled": "bool", "name": "str", "seconds": "float",
                                   "count": "int"}) == [problem]


def test_values_of_the_right_kind_are_not():
    assert scalar_problems({"enabled": False, "name": "", "seconds": 0.5, "count": 3},
                           {"enabled": "bool", "name": "str", "seconds": "float", "count": "int"}) == []


def test_the_moderation_and_publisher_settings_name_their_bad_values():
    with pytest.raises(ConfigError, match=r"CHORUS_MODERATION: 'sender' must be text"):
        ModerationSettings.from_settings({"CHORUS_MODERATION": {"sender": 1}})
    with pytest.raises(ConfigError, match=r"'retry_seconds' must be a number above 0"):
        PublisherSettings.from_settings({"CHORUS_PUBLISHER": {"retry_seconds": -1}})
    assert PublisherSettings.from_settings({"CHORUS_PUBLISHER": {"retry_seconds": 5}}).retry_seconds == 5.0
