"""API of public consultation (being written)."""

from ninja import Router

router = Router(tags=["consultations"])
