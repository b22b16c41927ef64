"""CLI commands act as an account of their own ("cli") in the audit trail, with the OS user noted."""

import getpass

from liangxin.audit.context import Actor, acting_as


def cli_actor():
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return acting_as(Actor(None, f"cli:{who}", "", "", "cli"))
