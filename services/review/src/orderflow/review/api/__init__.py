"""review REST API: rounds, people's decisions, and the rules as data."""

from fastapi import APIRouter

from orderflow.review.api import decisions, rounds, rules, thresholds

router = APIRouter(prefix="/v1")
router.include_router(rounds.router)
router.include_router(decisions.router)
router.include_router(rules.router)
router.include_router(thresholds.router)
