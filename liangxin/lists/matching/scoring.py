"""How well a supply entry fits a demand, with the reasons in Chinese: a pure function of the facts of the
two sides (no database), used both ways: the supply entries for a demand, the demands for a supply entry.

Points: the same product category 40; each word of the demand found in the supply entry 6 (at most 30);
certifications 10 and honours of the unit in force 5 each (at most 10); the same street/town 15, or
another unit of the district 8; a reference price within the budget 10 (partly within 5)."""

from dataclasses import dataclass, field
from decimal import Decimal

CATEGORY_POINTS = 40
WORD_POINTS, WORDS_MAX = 6, 30
CERTIFIED_POINTS = 10
HONOUR_POINTS, HONOURS_MAX = 5, 10
SAME_TOWN_POINTS, DISTRICT_POINTS = 15, 8
PRICE_POINTS, PRICE_PART_POINTS = 10, 5


@dataclass(frozen=True)
class Need:
    """A demand: what it asks for and where it is."""

    category: str  # a supply category code, or "" when the demand names none
    words: tuple[str, ...]  # of its description and specification, in their order
    town_id: int | None
    budget: Decimal | None  # 万元, for the whole quantity
    quantity: Decimal | None  # None or 0: the budget is for the whole


@dataclass(frozen=True)
class Offer:
    """A supply entry: what it offers, by whom, where and at what price."""

    category: str
    words: frozenset[str]
    town_id: int | None  # its unit's street/town; None: not located in the district
    town_name: str = ""
    certifications: tuple[str, ...] = ()
    honours: tuple[str, ...] = ()  # of its unit, in force: "省级绿色工厂"
    price_low: Decimal | None = None  # 万元 a piece
    price_high: Decimal | None = None


@dataclass(frozen=True)
class Fit:
    score: int
    reasons: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)  # the demand's words found in the supply entry
    same_category: bool = False

    @property
    def is_candidate(self) -> bool:
        """A pairing worth showing: the same category or at least one word in common."""
        return self.same_category or bool(self.matched)


def _money(amount: Decimal) -> str:
    return f"{amount.normalize():f}"


def _price(need: Need, offer: Offer) -> tuple[int, str | None]:
    if need.budget is None or (offer.price_low is None and offer.price_high is None):
        return 0, None
    pieces = need.quantity or 1
    each = (need.budget / pieces).quantize(Decimal("0.0001"))  # for the reason; compared exactly below
    low = offer.price_low if offer.price_low is not None else offer.price_high
    high = offer.price_high if offer.price_high is not None else offer.price_low
    shown = _money(low) if low == high else f"{_money(low)}–{_money(high)}"
    budget = f"预算每件约 {_money(each)} 万元" if need.quantity else f"预算 {_money(each)} 万元"
    if high * pieces <= need.budget:
        return PRICE_POINTS, f"参考价 {shown} 万元，在{budget}以内（加 {PRICE_POINTS} 分）"
    if low * pieces <= need.budget:
        return PRICE_PART_POINTS, f"参考价 {shown} 万元，部分在{budget}以内（加 {PRICE_PART_POINTS} 分）"
    return 0, f"参考价 {shown} 万元，高于{budget}"


def score(need: Need, offer: Offer, category_label: str = "") -> Fit:
    """The points and reasons of one pairing; `category_label` names the shared category."""
    points, reasons = 0, []
    same_category = bool(need.category) and need.category == offer.category
    if same_category:
        points += CATEGORY_POINTS
        reasons.append(f"同属类别“{category_label or need.category}”（加 {CATEGORY_POINTS} 分）")
    matched = [w for w in need.words if w in offer.words]
    if matched:
        earned = min(WORDS_MAX, WORD_POINTS * len(matched))
        points += earned
        reasons.append(f"规格相符的词：{'、'.join(matched)}（加 {earned} 分）")
    if offer.certifications:
        points += CERTIFIED_POINTS
        reasons.append(f"已获认证：{'、'.join(offer.certifications)}（加 {CERTIFIED_POINTS} 分）")
    if offer.honours:
        earned = min(HONOURS_MAX, HONOUR_POINTS * len(offer.honours))
        points += earned
        reasons.append(f"企业荣誉：{'、'.join(offer.honours)}（加 {earned} 分）")
    if offer.town_id is not None and offer.town_id == need.town_id:
        points += SAME_TOWN_POINTS
        reasons.append(f"同在{offer.town_name or '一个街道/镇'}（加 {SAME_TOWN_POINTS} 分）")
    elif offer.town_id is not None:
        points += DISTRICT_POINTS
        where = f"（{offer.town_name}）" if offer.town_name else ""
        reasons.append(f"本区企业{where}（加 {DISTRICT_POINTS} 分）")
    earned, why = _price(need, offer)
    points += earned
    if why:
        reasons.append(why)
    return Fit(points, reasons, matched, same_category)
