"""The subsidies API: one router made of each part's own."""

from ninja import Router

from liangxin.subsidies.imports.api import router as imports_router
from liangxin.subsidies.intake.api import router as intake_router
from liangxin.subsidies.payouts.api import router as payouts_router
from liangxin.subsidies.programmes.api import router as programmes_router
from liangxin.subsidies.review.api import router as review_router

router = Router()
for part in (programmes_router, intake_router, review_router, payouts_router, imports_router):
    router.add_router("", part)
