from django.apps import AppConfig

_AUTHORED = ("quiz", "question", "step", "choice")
# The snippets under review; steps and choices are revised with their question.
_REVIEWED = ("quiz", "question")


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Scenario quizzes"
    default_auto_field = "django.db.models.BigAutoField"

    # Trainers write and revise quizzes but neither delete them (attempts refer
    # to them) nor publish them: their edits go to "Policy review"
    # (lms.review), where administrators approve, i.e. publish, them.
    # Administrators may do everything, including reading attempts.
    role_permissions = {
        "Trainer": [
            f"quizzes.{action}_{model}"
            for model in _AUTHORED
            for action in ("add", "change", "view")
        ],
        # Attempts and answers change only through quizzes.services; nobody gets
        # to add or edit them by hand.
        "Administrator": [
            f"quizzes.{action}_{model}"
            for model in _AUTHORED
            for action in ("add", "change", "delete", "view")
        ]
        + [
            f"quizzes.{action}_{model}"
            for model in _REVIEWED
            for action in ("publish", "lock", "unlock")
        ]
        + ["quizzes.view_attempt", "quizzes.view_answer"],
    }
    # Only employees take quizzes (lms.access.employee_of).
    nav_links = [("Practice quizzes", "quizzes:index", "employee_of", 20)]
