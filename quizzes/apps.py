from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Scenario quizzes"
    default_auto_field = "django.db.models.BigAutoField"
