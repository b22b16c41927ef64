"""An entry's review flow: draft (or returned) → submitted → accepted (a supply entry is then published in
the 名录) or returned with a reason; a submitted or accepted entry withdrawn with a reason. Each step is a
line of the entry's history and an audit entry; who may take it is access.require_action."""

from django.db import transaction
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import reasons
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.lists import access
from liangxin.lists.entries import log, snapshot

STEP_NAMES = {"return": "退回", "withdraw": "撤回"}


def _locked(entry):
    return access.MODELS[access.list_of(entry)].objects.select_for_update(of=("self",)).get(pk=entry.pk)


def _reason(step: str, note: str) -> str:
    if wrong := reasons.problem(note):
        raise Invalid(
            f"{STEP_NAMES[step]}{wrong}", [FieldProblem("reason", f"{STEP_NAMES[step]}理由：{wrong}")]
        )
    return note.strip()[:300]


def _step(user: User, entry, step: str, to: str, note: str = ""):
    list_code = access.list_of(entry)
    before = snapshot(entry)
    from_status = entry.status
    entry.status = to
    entry.save()
    log(entry, step, from_status, note, user)
    chain.record(f"{list_code}.{step}", obj=entry, before=before, after=snapshot(entry) | {"note": note})
    return entry


@transaction.atomic
def submit(user: User, entry):
    entry = _locked(entry)
    access.require_action(user, entry, "submit")
    entry.submitted_by, entry.submitted_at = user, timezone.now()
    entry.review_note = ""
    return _step(user, entry, "submit", "submitted")


@transaction.atomic
def accept(user: User, entry, note: str = ""):
    entry = _locked(entry)
    access.require_action(user, entry, "accept")
    entry.reviewed_by, entry.reviewed_at = user, timezone.now()
    entry.review_note = note.strip()[:300]
    return _step(user, entry, "accept", "accepted", entry.review_note)


@transaction.atomic
def return_entry(user: User, entry, reason: str):
    entry = _locked(entry)
    access.require_action(user, entry, "return")
    reason = _reason("return", reason)
    entry.reviewed_by, entry.reviewed_at = user, timezone.now()
    entry.review_note = reason
    return _step(user, entry, "return", "returned", reason)


@transaction.atomic
def withdraw(user: User, entry, reason: str):
    entry = _locked(entry)
    access.require_action(user, entry, "withdraw")
    reason = _reason("withdraw", reason)
    entry.withdrawn_reason = reason
    return _step(user, entry, "withdraw", "withdrawn", reason)


def history(entry):
    return entry.changes.select_related("by").order_by("at", "id")
