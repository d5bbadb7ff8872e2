"""API for participation: evaluations (filled in by the participation work)."""

from ninja import Router

router = Router(tags=["公众参与"])
