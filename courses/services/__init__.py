"""Every change of courses' state, by subject: ``assignments`` (who must take
what), ``progress`` (a learner's way through a course), ``certificates`` and
``reminders``. Each service runs in one transaction with the xAPI statements
of its event."""
