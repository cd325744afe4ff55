from django.apps import AppConfig

_AUTHORED = ("quiz", "question", "step", "choice")


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Scenario quizzes"
    default_auto_field = "django.db.models.BigAutoField"

    # Trainers write and revise quizzes but do not delete them (attempts refer
    # to them); administrators may do everything, including reading attempts.
    role_permissions = {
        "Trainer": [
            f"quizzes.{action}_{model}"
            for model in _AUTHORED
            for action in ("add", "change", "view")
        ],
        "Administrator": [
            f"quizzes.{action}_{model}"
            for model in (*_AUTHORED, "attempt", "answer")
            for action in ("add", "change", "delete", "view")
        ],
    }
    nav_links = [("Practice quizzes", "quizzes:index", None)]
