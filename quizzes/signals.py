"""Domain signals: how quizzes tells the floors above it what happened.

``attempt_finished`` is sent inside the transaction that finishes an attempt,
with ``attempt=`` (an :class:`quizzes.models.Attempt` whose ``employee``,
``quiz``, ``registration``, ``passed``, ``score_percent``, ``started_at`` and
``finished_at`` are set). A receiver that raises rolls the finish back, so a
course can never miss a passed quiz. Quizzes knows nothing of its listeners.

``result_links_wanted`` is sent when a learner reads the result of an attempt
started by a floor above (one with a ``registration``), with ``attempt=``; the
receiver that started it answers with a :class:`ResultLinks` (others with
None), so the result page can offer the next step without knowing courses.
"""

from dataclasses import dataclass

from django.dispatch import Signal

attempt_finished = Signal()
result_links_wanted = Signal()


@dataclass(frozen=True)
class ResultLinks:
    # Where a POST starts another attempt in the same cycle ("" for none).
    retry_url: str = ""
    # The certificate the attempt led to, if any.
    certificate_url: str = ""
