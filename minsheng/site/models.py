"""The platform's own records: the heartbeats of its periodic processes, read by /healthz and /metrics."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last moment a process proved alive: "tick" when the periodic command ran, "worker" when the
    background worker ran the job the tick queued for it (so a worker that is down, or stuck behind
    other jobs, shows by its age)."""

    name = models.CharField(_("进程"), max_length=20, primary_key=True)
    at = models.DateTimeField(_("最近一次"))

    class Meta:
        verbose_name = _("心跳")
        verbose_name_plural = _("心跳")

    def __str__(self):
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
