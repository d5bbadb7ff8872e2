"""A problem's states, defined once: the model's choices (supervision.models imports them) and the words
the rules refuse with. They live apart from the models so that the rules, which may not import a model
module, read the same TextChoices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemState(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    RESOLVED = "resolved", _("已整改")
    VERIFIED = "verified", _("已核验")
