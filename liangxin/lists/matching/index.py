"""The words of each entry, written when the entry is saved with its text: a supply entry's product name,
specification and certifications; a demand's subject and specification. A save that changes only other
fields (a review step: `update_fields` without the text) leaves the words as they are."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from liangxin.lists.matching import tokens
from liangxin.lists.matching.models import DemandToken, SupplyToken
from liangxin.lists.models import DemandEntry, SupplyEntry

SUPPLY_TEXT = ("product", "specification", "certifications")
DEMAND_TEXT = ("subject", "specification")


def supply_words(entry: SupplyEntry) -> list[str]:
    return tokens.words(*(getattr(entry, f) for f in SUPPLY_TEXT))


def demand_words(entry: DemandEntry) -> list[str]:
    return tokens.words(*(getattr(entry, f) for f in DEMAND_TEXT))


def _replace(model, entry, words: list[str]) -> None:
    model.objects.filter(entry=entry).exclude(token__in=words).delete()
    have = set(model.objects.filter(entry=entry).values_list("token", flat=True))
    model.objects.bulk_create([model(entry=entry, token=w) for w in words if w not in have])


def index_supply(entry: SupplyEntry) -> None:
    _replace(SupplyToken, entry, supply_words(entry))


def index_demand(entry: DemandEntry) -> None:
    _replace(DemandToken, entry, demand_words(entry))


def _text_saved(update_fields, text: tuple[str, ...]) -> bool:
    return update_fields is None or bool(set(update_fields) & set(text))


@receiver(post_save, sender=SupplyEntry, dispatch_uid="lists.matching.supply")
def _supply_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _text_saved(update_fields, SUPPLY_TEXT):
        index_supply(instance)


@receiver(post_save, sender=DemandEntry, dispatch_uid="lists.matching.demand")
def _demand_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _text_saved(update_fields, DEMAND_TEXT):
        index_demand(instance)
