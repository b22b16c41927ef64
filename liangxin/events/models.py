from django.conf import settings
from django.db import models

from liangxin.accounts.models import Department
from liangxin.enterprises.models import Unit
from liangxin.events.codes import EVENT_KINDS, EVENT_STATUSES, OUTCOME_KINDS, PARTICIPANT_ROLES


class Event(models.Model):
    """A 供需对接会 or a promotion (汽车促销巡展, 家电以旧换新促销 …) a department organises: planned, then
    held on a day or cancelled with a reason. Held events count toward the plan's event indicators."""

    kind = models.CharField("活动类型", max_length=30, choices=EVENT_KINDS.choices())
    title = models.CharField("活动名称", max_length=200)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    place = models.CharField("地点", max_length=200)
    organiser = models.ForeignKey(
        Department, verbose_name="主办部门", on_delete=models.PROTECT, related_name="events"
    )
    co_organisers = models.CharField("协办单位", max_length=300, blank=True)
    status = models.CharField("状态", max_length=20, choices=EVENT_STATUSES.choices(), default="planned")
    held_on = models.DateField("举办日期", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = "活动"
        indexes = [models.Index(fields=["kind", "status", "held_on"], name="event_kind_held")]

    def __str__(self):
        return self.title


class Participant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("角色", max_length=20, choices=PARTICIPANT_ROLES.choices())

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="participant_once")]

    def __str__(self):
        return f"{self.unit.name}（{PARTICIPANT_ROLES.label(self.role)}）"


class Outcome(models.Model):
    """An intention or a contract reached at the event between a supplying participant and a demand: a
    participating unit, or named in words (a household, a buyer not in the register)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcomes")
    supply = models.ForeignKey(Unit, verbose_name="供方单位", on_delete=models.PROTECT, related_name="+")
    demand = models.ForeignKey(
        Unit, verbose_name="需方单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    demand_text = models.CharField("需方", max_length=200, blank=True)
    kind = models.CharField("类型", max_length=20, choices=OUTCOME_KINDS.choices())
    value = models.DecimalField("金额（万元）", max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.supply.name} → {self.demand_name}：{OUTCOME_KINDS.label(self.kind)}"

    @property
    def demand_name(self) -> str:
        return self.demand.name if self.demand_id else self.demand_text
