"""What the lists' tests share: the demo units (the demo enterprise account's own among them) and the
fields of a valid entry of each list."""

import pytest

from liangxin.accounts.models import User
from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE
from liangxin.demo.enterprises import install_unit_demo

CABLE_CODE = "91370902MA3C10020E"
HOSPITAL_CODE = "12370902MB0001001L"


def person(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def demo_units():
    install_unit_demo()


def supply_data(**changes) -> dict:
    return {
        "unit": DEMO_ENTERPRISE_CODE,
        "product": "矿用隔爆型变频调速一体机",
        "category": "矿山装备",
        "specification": "功率 75–400 kW，防爆等级 Ex d I Mb",
        "certifications": "矿用产品安全标志证书（MA）",
        "capacity": "年产 300 台",
        "price_min": "12.5",
        "price_max": "48.0000",
        "contact_name": "王经理",
        "contact_phone": "13905381234",
    } | changes


def equipment_data(**changes) -> dict:
    return {
        "kind": "设备更新需求",
        "unit": HOSPITAL_CODE,
        "subject": "更新 64 排 CT 一台",
        "field": "医疗",
        "category": "医疗装备",
        "specification": "64 排及以上螺旋 CT，含工作站",
        "quantity": "1",
        "measure": "台",
        "amount": "680",
        "wanted_by": "2026-06",
        "contact_name": "赵科长",
        "contact_phone": "13905385678",
    } | changes


def consumer_data(**changes) -> dict:
    return {
        "kind": "consumer",
        "town": "dmjd",
        "subject": "岱庙街道 2026 年家电以旧换新需求测算",
        "consumer_category": "家电",
        "quantity": "3200",
        "amount": "1150.5",
        "wanted_by": "2026年12月",
    } | changes
