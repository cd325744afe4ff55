"""Courses' pages outside Wagtail's page tree, thin over services and selectors:
``training`` (the learner's actions and the assign form) and ``certificates``
(the learner's certificate and the public check)."""
