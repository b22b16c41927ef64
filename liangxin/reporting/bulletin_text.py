"""The 通报's sections 五、存在问题 and 六、下步工作 and its 抄送: the office's draft of the period.

Until the coordinator saves a draft, it is prefilled from the narratives of the sent submissions, grouped
by the plan's sections (the areas), naming the department and its tasks, with empty and boilerplate
entries (无, 暂无, 继续推进 …) left out; 六 ends with the office's closing sentence. The coordinator edits
it on the period's page until the bulletin is issued; the Word file and the page read it from here.
Plain functions: each write checks the user, owns its transaction and its audit entry."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from liangxin.accounts import scope
from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core.display import district_of
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.core.text import text_problem
from liangxin.reporting import access, assignments
from liangxin.reporting.models import BulletinDraft, Narrative, Period, Submission

S = Submission.Status
SENT = (S.SUBMITTED, S.APPROVED, S.ACCEPTED)
SECTION_LIMIT = 3000  # characters of 五 or 六: about three pages of the 通报
COPY_TO_LIMIT = 200
CLOSING = (
    "请各责任单位对照年度目标任务，进一步压实责任、加快推进，滞后和存在风险的目标要逐项分析原因、"
    "制定措施，确保按期完成；逾期和未报送的单位要及时补报，并按时报送下期调度数据。"
)
# what a department writes when it has nothing to say: never an item of the 通报
BOILERPLATE = frozenset(
    {
        "无",
        "暂无",
        "没有",
        "无问题",
        "暂无问题",
        "无明显问题",
        "没有问题",
        "继续推进",
        "持续推进",
        "稳步推进",
        "按计划推进",
        "继续做好",
        "继续做好相关工作",
        "略",
        "同上",
        "不涉及",
        "无此项",
        "nil",
        "none",
        "na",
        "n/a",
    }
)
_MARKS = re.compile(r"[\s。．.，,；;、！!？?：:\-—－–_/／\\…·~～]+")


class BulletinTextInvalid(Invalid):
    summary = "通报草稿未保存"


def is_boilerplate(text: str) -> bool:
    """Whether a narrative says nothing: empty, only punctuation or dashes, or a stock phrase (无, 继续推进)."""
    core = _MARKS.sub("", text or "").lower()
    return not core or core in BOILERPLATE


def _clause(text: str) -> str:
    return " ".join(text.split()).rstrip("。．.；;，, ")


@dataclass(frozen=True)
class Entry:
    department: str
    tasks: tuple[int, ...]
    text: str

    def __str__(self):
        return f"{self.department}（任务{'、'.join(str(n) for n in self.tasks)}）{self.text}"


def grouped(period: Period, field: str) -> list[tuple[str, list[Entry]]]:
    """The sent submissions' narratives of one field by the plan's sections, in the plan's order: within
    a section by the plan's department order; one department's same text for several tasks is one entry."""
    order = {d.pk: i for i, d in enumerate(assignments.responsible_departments(period.plan))}
    rows = Narrative.objects.filter(submission__period=period, submission__status__in=SENT).select_related(
        "submission__department", "task__section"
    )
    rows = sorted(
        rows,
        key=lambda n: (n.task.section.number, order.get(n.submission.department_id, 999), n.task.number),
    )
    areas: dict[int, tuple[str, dict[tuple[str, str], list[int]]]] = {}
    for n in rows:
        text = getattr(n, field)
        if is_boilerplate(text):
            continue
        section = n.task.section
        _, entries = areas.setdefault(section.number, (section.title, {}))
        entries.setdefault((n.submission.department.short_name, _clause(text)), []).append(n.task.number)
    return [
        (title, [Entry(name, tuple(numbers), text) for (name, text), numbers in entries.items()])
        for title, entries in areas.values()
    ]


def _items(groups: list[tuple[str, list[Entry]]]) -> list[str]:
    return [f"{title}方面：{'；'.join(str(e) for e in entries)}。" for title, entries in groups]


def prefill(period: Period) -> BulletinDraft:
    """The draft as the narratives give it (not saved)."""
    problems = _items(grouped(period, "problems"))
    steps = [*_items(grouped(period, "next_steps")), CLOSING]
    return BulletinDraft(
        period=period,
        problems="\n".join(problems),
        next_steps="\n".join(steps),
        copy_to=default_copy_to(period),
    )


def draft_of(user: User, period: Period) -> BulletinDraft:
    """The draft as the coordinator reads it (the API): the office's working text is theirs."""
    scope.require(user, "period.manage")
    return draft_for(period)


def draft_for(period: Period) -> BulletinDraft:
    """The saved draft, or the prefill when the office has not written one."""
    return BulletinDraft.objects.filter(period=period).first() or prefill(period)


def items(text: str) -> list[str]:
    """A section's items, one a line, without any numbering the office typed (1．, 2. , （三）)."""
    out = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*(?:\d+\s*[．.、]|[（(][一二三四五六七八九十\d]+[）)])\s*", "", line).strip()
        if line:
            out.append(line)
    return out


def _check(problems: str, next_steps: str, copy_to: str) -> None:
    faults = []
    for name, text, limit in (
        ("problems", problems, SECTION_LIMIT),
        ("next_steps", next_steps, SECTION_LIMIT),
        ("copy_to", copy_to, COPY_TO_LIMIT),
    ):
        if wrong := text_problem(text, limit):
            label = BulletinDraft._meta.get_field(name).verbose_name
            faults.append(FieldProblem(name, f"{label}：{wrong}"))
    if "\n" in copy_to or "\r" in copy_to:
        faults.append(FieldProblem("copy_to", "抄送：应为一行，各机关之间用逗号分隔"))
    if faults:
        raise BulletinTextInvalid("; ".join(f.message for f in faults), faults)


def _locked(period: Period) -> BulletinDraft | None:
    return BulletinDraft.objects.select_for_update().filter(period=period).first()


def _state(draft: BulletinDraft) -> dict:
    return {"problems": draft.problems, "next_steps": draft.next_steps, "copy_to": draft.copy_to}


@transaction.atomic
def save(user: User, period: Period, problems: str, next_steps: str, copy_to: str) -> BulletinDraft:
    """Keep the office's wording of 五, 六 and 抄送; refused once the bulletin is issued."""
    Period.objects.select_for_update().get(pk=period.pk)
    access.require_action(user, period, "edit_bulletin")
    problems, next_steps, copy_to = problems.strip(), next_steps.strip(), " ".join(copy_to.split())
    _check(problems, next_steps, copy_to)
    draft = _locked(period)
    before = _state(draft) if draft else None
    draft = draft or BulletinDraft(period=period)
    draft.problems, draft.next_steps, draft.copy_to = problems, next_steps, copy_to
    draft.saved_by, draft.saved_at = user, timezone.now()
    draft.save()
    chain.record("bulletin.save", obj=period, before=before, after=_state(draft))
    return draft


@transaction.atomic
def issue(user: User, period: Period) -> BulletinDraft:
    """Issue the bulletin: its wording (the saved draft, or the prefill) is fixed from now on, and the
    bulletin is dated the day it was issued."""
    Period.objects.select_for_update().get(pk=period.pk)
    access.require_action(user, period, "issue_bulletin")
    draft = _locked(period)
    if draft is None:
        draft = prefill(period)
    draft.issued_by, draft.issued_at = user, timezone.now()
    draft.save()
    chain.record(
        "bulletin.issue", obj=period, after=_state(draft) | {"issued_at": draft.issued_at.isoformat()}
    )
    return draft


def issued_draft(period: Period) -> BulletinDraft | None:
    return BulletinDraft.objects.filter(period=period, issued_at__isnull=False).first()


def default_copy_to(period: Period) -> str:
    """抄送 until the office writes its own: the district's party and government offices."""
    district = district_of(period.plan.issuer)
    return f"{district}委办公室，{district}人民政府办公室" if district else ""
