"""Desk account tasks: `desk.add-user`, `desk.disable-user`, `desk.users` (thin: parse, call, print)."""

from __future__ import annotations

import sys

from invoke import Collection, Exit, task

from chorus import accounts
from modtasks import _desk, _guard, _now


def _setup_url(settings: dict, token: str) -> str:
    from chorus_intake.config import IntakeSettings

    public = IntakeSettings.from_settings(settings).public_url.rstrip("/")
    return f"{public}/desk/setup/{token}"


@task(name="add-user", help={"role": "moderator (decides) or admin (also manages accounts and replies)",
                             "name": "the name recorded with decisions (default: the email)",
                             "password_stdin": "read the password from standard input instead of "
                                               "printing a one-time link"})
@_guard
def add_user(c, email, role="moderator", name="", password_stdin=False):
    """Add a desk account; prints a one-time link to set its password."""
    desk, settings = _desk()
    token = accounts.add_user(desk.store, email, role, _now(), display_name=name)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        accounts.set_password(desk.store, email, password, token=token, now=_now())
        print(f"Added {role} {email} with the password given.")
        return
    print(f"Added {role} {email}. Send them this one-time link to choose a password "
          f"(valid for 3 days):\n{_setup_url(settings, token)}")


@task(name="disable-user", help={"enable": "enable the account again instead"})
@_guard
def disable_user(c, email, enable=False):
    """Disable a desk account (its sessions end at once); --enable to undo."""
    desk, _ = _desk()
    account = accounts.set_disabled(desk.store, email, not enable)
    print(f"{'Enabled' if enable else 'Disabled'} {account.email}.")


@task(name="reset-link")
@_guard
def reset_link(c, email):
    """Print a new one-time link to set the password of a desk account."""
    desk, settings = _desk()
    print(_setup_url(settings, accounts.new_setup_link(desk.store, email, _now())))


@task
@_guard
def users(c):
    """List desk accounts: email, role, name, state."""
    desk, _ = _desk()
    found = accounts.users(desk.store)
    if not found:
        raise Exit("No desk accounts yet: ./hub desk.add-user EMAIL --role admin", code=0)
    for account in found:
        state = "disabled" if account.disabled else ("active" if account.has_password
                                                     else "waiting for a password")
        print(f"{account.email:<36} {account.role:<10} {state:<24} {account.display_name}")


desk = Collection("desk", add_user, disable_user, reset_link, users)
