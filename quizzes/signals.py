"""Domain signals: how quizzes tells the floors above it what happened.

``attempt_finished`` is sent inside the transaction that finishes an attempt,
with ``attempt=`` (an :class:`quizzes.models.Attempt` whose ``employee``,
``quiz``, ``registration``, ``passed``, ``score_percent``, ``started_at`` and
``finished_at`` are set). A receiver that raises rolls the finish back, so a
course can never miss a passed quiz. Quizzes knows nothing of its listeners.
"""

from django.dispatch import Signal

attempt_finished = Signal()
