"""Personal data a moderator is warned about: emails, phone numbers, street addresses."""

from __future__ import annotations

import pytest

from chorus.flags import text_flags
from chorus.submission import Submission

STREET = "personal data: street address in text"


def flags_for(body: str) -> list[str]:
    return text_flags(Submission(kind="story", body=body, name="Ann", email="a@example.com",
                                 consent_name=True, title="A run"))


@pytest.mark.parametrize("body", [
    "Come by 12 Elm Street any Sunday.",
    "We meet at 221B Baker St. before the run.",
    "I live at 4350 North Canyon Road, so the trail is close.",
    "Drop the shoes at 7 Old Mill Lane.",
    "Our club house is at Hauptstraße 12 in Bern.",
])
def test_a_street_address_is_flagged_as_personal_data(body):
    assert STREET in flags_for(body)


@pytest.mark.parametrize("body", [
    "I ran 12 miles on the Ridge Road trail.",     # no house number before the name
    "We did 3 laps and 2 hills, then stopped.",
    "Mile 42 was the hardest; the Street Fair was on.",
])
def test_ordinary_running_text_is_not_flagged(body):
    assert STREET not in flags_for(body)


def test_email_and_phone_are_still_flagged():
    found = flags_for("Mail me at ann@example.com or call +1 303 555 0199.")
    assert "personal data: email address in text" in found
    assert "personal data: phone number in text" in found
