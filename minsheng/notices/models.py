"""An uploaded notice on its way to a plan: the file, the draft a person reviews, the outcome."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField
from minsheng.core.models import Region


def _upload_path(instance, filename: str) -> str:
    # No part of the client's file name reaches the filesystem.
    return f"notices/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{instance.kind}"


class ImportState(models.TextChoices):
    READING = "reading", _("识别中")  # a large file, stored and waiting for the background worker
    FAILED = "failed", _("识别失败")  # the worker could not read it: `error` says why
    REVIEWING = "reviewing", _("待审核")
    COMMITTED = "committed", _("已入库")
    DISCARDED = "discarded", _("已放弃")


class NoticeImport(models.Model):
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = ClockDateTimeField(_("上传时间"), auto_now_add=True)
    region = models.ForeignKey(Region, models.PROTECT, verbose_name=_("区划"))
    filename = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("文件类型"), max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_hash = models.CharField(_("内容摘要"), max_length=64, db_index=True)
    file = models.FileField(_("原文件"), upload_to=_upload_path, blank=True)
    draft = models.JSONField(_("草稿"), default=dict)
    state = models.CharField(
        _("状态"), max_length=12, choices=ImportState.choices, default=ImportState.REVIEWING
    )
    plan = models.ForeignKey(
        "plans.Plan",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("生成的计划"),
    )
    extract_ms = models.PositiveIntegerField(_("识别耗时（毫秒）"), default=0)
    error = models.TextField(_("未能识别的原因"), blank=True)

    class Meta:
        verbose_name = _("通知导入")
        verbose_name_plural = _("通知导入")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.filename}（{self.get_state_display()}）"

    def get_absolute_url(self):
        return reverse("notices:review", args=[self.pk])
