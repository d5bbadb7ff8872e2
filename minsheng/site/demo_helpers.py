"""What the demo loaders share: bulk inserts that keep the moments the demo states, and the demo's
people by unit and region (the authors of the versions and decisions the loaders write)."""

from contextlib import contextmanager

from django.db.models import DateField

from minsheng.core.models import Membership, Role


@contextmanager
def stated_timestamps(*models):
    """Let bulk_create keep the moments the demo sets instead of stamping the real time into the
    auto_now fields (a bulk_update afterwards costs more than the whole load). Only for this loader,
    which runs from the demo command and test set-up, never beside request handling."""
    stamped = [f for m in models for f in m._meta.concrete_fields if isinstance(f, DateField)]
    flags = [(f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (now, add) in zip(stamped, flags, strict=True):
            f.auto_now, f.auto_now_add = now, add


def people() -> tuple[dict, dict, dict]:
    """A reporter and an approver per unit and an office user per region, for the versions' authors."""
    reporters, approvers, offices = {}, {}, {}
    for role, unit_id, region_id, user in (
        Membership.objects.filter(role__in=[Role.REPORTER, Role.APPROVER, Role.OFFICE])
        .order_by("pk")
        .values_list("role", "unit_id", "region_id", "user_id")
    ):
        target = {Role.REPORTER: reporters, Role.APPROVER: approvers, Role.OFFICE: offices}[role]
        target.setdefault(unit_id or region_id, user)
    return reporters, approvers, offices
