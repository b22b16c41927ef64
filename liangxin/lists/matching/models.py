"""The tables of matching: the words of each entry (indexed, written when the entry is saved, so that a
candidate query never segments the lists again), and the matches between demands and supply entries with
each step of their history."""

from django.conf import settings
from django.db import models

from liangxin.lists.matching.codes import MATCH_STATES
from liangxin.lists.matching.tokens import MAX_LENGTH
from liangxin.lists.models import DemandEntry, SupplyEntry


class SupplyToken(models.Model):
    entry = models.ForeignKey(SupplyEntry, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=MAX_LENGTH)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "token"], name="supply_token_once")]
        indexes = [models.Index(fields=["token", "entry"], name="supply_token_lookup")]

    def __str__(self):
        return self.token


class DemandToken(models.Model):
    entry = models.ForeignKey(DemandEntry, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=MAX_LENGTH)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "token"], name="demand_token_once")]
        indexes = [models.Index(fields=["token", "entry"], name="demand_token_lookup")]

    def __str__(self):
        return self.token


class Match(models.Model):
    """A demand and a supply entry put in touch, and how far it went."""

    demand = models.ForeignKey(
        DemandEntry, verbose_name="需求", on_delete=models.PROTECT, related_name="matches"
    )
    supply = models.ForeignKey(
        SupplyEntry, verbose_name="供给", on_delete=models.PROTECT, related_name="matches"
    )
    state = models.CharField("对接状态", max_length=20, choices=MATCH_STATES.choices())
    value = models.DecimalField("签约金额（万元）", max_digits=14, decimal_places=4, null=True, blank=True)
    signed_on = models.DateField("签约日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "供需对接"
        constraints = [models.UniqueConstraint(fields=["demand", "supply"], name="match_once")]
        indexes = [models.Index(fields=["state", "updated_at"], name="match_state_updated")]

    def __str__(self):
        return f"{self.demand.subject} ← {self.supply.product}"


class MatchStep(models.Model):
    """One change of a match's state, shown on the 对接 page; the audit chain keeps it too."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="steps")
    from_state = models.CharField("原状态", max_length=20, choices=MATCH_STATES.choices(), blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=MATCH_STATES.choices())
    note = models.CharField("说明", max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "供需对接状态变更"

    def __str__(self):
        return f"{self.match} · {MATCH_STATES.label(self.to_state)}"
