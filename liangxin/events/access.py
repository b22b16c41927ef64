"""Who may see and act on events. Every internal role reads every event (they are the district's public
activities); an enterprise reads the events its unit takes part in. The organising department's reporter
and reviewer keep its events (record, participants, outcomes, held or cancelled); the coordinator may keep
any department's."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import DENIED, PLAN_READERS, define, has_perm
from liangxin.core.errors import Conflict
from liangxin.events.codes import EVENT_STATUSES
from liangxin.events.models import Event, Outcome, Participant

define("event.view", PLAN_READERS, "您的角色不能查看对接和促销活动")
define("event.view_own", {Role.ENTERPRISE}, "您的角色不能查看对接和促销活动")
define(
    "event.edit",
    {Role.COORDINATOR, Role.REPORTER, Role.REVIEWER},
    "只有主办部门的填报、审核人员可以维护活动",
)
define("event.edit_all", {Role.COORDINATOR}, "只有统筹协调人员可以维护其他部门主办的活动")


def sees_events(user: User) -> bool:
    return has_perm(user, "event.view") or has_perm(user, "event.view_own")


def events_for(user: User):
    if has_perm(user, "event.view"):
        return Event.objects.all()
    if has_perm(user, "event.view_own") and user.credit_code:
        return Event.objects.filter(participants__unit__credit_code=user.credit_code).distinct()
    if has_perm(user, "event.view_own"):
        return Event.objects.none()
    raise PermissionDenied(DENIED["event.view"])


def event_or_404(user: User, pk) -> Event:
    return get_object_or_404(events_for(user).select_related("organiser"), pk=pk)


def _edit_refusal(user: User, event: Event | None) -> PermissionDenied | None:
    if not has_perm(user, "event.edit"):
        return PermissionDenied(DENIED["event.edit"])
    if has_perm(user, "event.edit_all") or event is None:
        return None
    if event.organiser_id != user.department_id:
        return PermissionDenied("只能维护本部门主办的活动")
    return None


def may_edit(user: User, event: Event | None) -> bool:
    return _edit_refusal(user, event) is None


def require_edit(user: User, event: Event | None) -> None:
    refusal = _edit_refusal(user, event)
    if refusal is not None:
        raise refusal


# the statuses in which each action may be taken, and what is said when the event stands elsewhere
ACTION_STATES = {
    "edit": ({"planned", "held"}, "已取消的活动不能再修改"),
    "participants": ({"planned", "held"}, "已取消的活动不能再增减参加单位"),
    "outcomes": ({"held"}, "活动登记为已举办后才能登记或删除对接成果"),
    "held": ({"planned"}, "只有计划中的活动可以登记为已举办"),
    "cancel": ({"planned"}, "只有计划中的活动可以取消"),
    "delete": ({"planned"}, "只有计划中的活动可以删除（已举办的活动计入指标，不能删除）"),
}


def allowed_actions(user: User, event: Event) -> set[str]:
    """What the page offers the user on this event now; the domain functions refuse the rest alike."""
    if not may_edit(user, event):
        return set()
    return {action for action, (states, _) in ACTION_STATES.items() if event.status in states}


def require_action(user: User, event: Event, action: str) -> None:
    """403 for a user who does not keep the event, 409 when its status does not allow the action."""
    require_edit(user, event)
    states, refusal = ACTION_STATES[action]
    if event.status not in states:
        raise Conflict(f"活动现为“{EVENT_STATUSES.label(event.status)}”：{refusal}")


def participant_or_404(user: User, pk, event: Event | None = None) -> Participant:
    """A participant of an event the user sees (of `event`, where the path names one)."""
    found = Participant.objects.filter(event__in=events_for(user))
    found = found.filter(event=event) if event is not None else found
    return get_object_or_404(found.select_related("event__organiser", "unit"), pk=pk)


def outcome_or_404(user: User, pk, event: Event | None = None) -> Outcome:
    found = Outcome.objects.filter(event__in=events_for(user))
    found = found.filter(event=event) if event is not None else found
    return get_object_or_404(found.select_related("event__organiser", "supply", "demand"), pk=pk)
