"""Model fields stamped by the platform's one clock.

Django's auto_now / auto_now_add stamp with the real time; the platform runs as of MINSHENG_TODAY
when it is set (the demo clock), so a report version, a 批示 or a survey answer stamped with the
real clock would sit years away from the reports, deadlines and statuses around it. These fields
keep auto_now / auto_now_add but take the time from core.clock.now(). They deconstruct as Django's
DateTimeField: the database column is the same, and no migration follows from using them."""

from django.db import models

from minsheng.core import clock


class ClockDateTimeField(models.DateTimeField):
    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
