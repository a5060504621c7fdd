"""Placeholder router; the scorer's endpoints are added by the scorer work (issue 3)."""

from ninja import Router

router = Router(tags=["scoring"])
