"""Events of the report workflow, for the layers above reporting to act on without reporting knowing
them: supervision turns the problems a unit names in a submitted report into items of the problem list
(supervision/receivers.py).

Receivers run in the workflow's transaction: a receiver that fails undoes the submission."""

from django.dispatch import Signal

# kwargs: report (Report), user (the submitting user)
report_submitted = Signal()
