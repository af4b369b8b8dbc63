"""The moderation workflow as data: states, actions and the allowed transitions in one table."""

from __future__ import annotations

from enum import Enum

from chorus.problems import ChorusError, Problem


class State(str, Enum):
    PENDING = "pending"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Action(str, Enum):
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "request-changes"
    WITHDRAW = "withdraw"


# The whole workflow in one table: (state now, action) -> state after.
TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.PENDING, Action.APPROVE): State.APPROVED,
    (State.PENDING, Action.REJECT): State.REJECTED,
    (State.PENDING, Action.REQUEST_CHANGES): State.CHANGES_REQUESTED,
    (State.PENDING, Action.WITHDRAW): State.WITHDRAWN,
    (State.CHANGES_REQUESTED, Action.RESUBMIT): State.PENDING,
    (State.CHANGES_REQUESTED, Action.REJECT): State.REJECTED,
    (State.CHANGES_REQUESTED, Action.WITHDRAW): State.WITHDRAWN,
    (State.APPROVED, Action.WITHDRAW): State.WITHDRAWN,
}


class TransitionError(ChorusError):
    """The action is not allowed from the submission's current state."""


class SubmissionError(ChorusError):
    """A submission failed its checks; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = [f"  {p.field}: {p.message}" if p.path == "submission" else f"  {p}"
                 for p in self.problems]
        super().__init__("\n".join([f"{len(lines)} problem(s); nothing was saved:", *lines]))


def next_state(current: State, action: Action) -> State:
    """The state after ``action``, or TransitionError naming what is allowed instead."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        allowed = sorted(a.value for (s, a) in TRANSITIONS if s is current)
        hint = f"allowed now: {', '.join(allowed)}" if allowed else "it is final"
        raise TransitionError(f"cannot {action.value} a submission that is "
                              f"{current.value.replace('_', ' ')} ({hint})") from None
