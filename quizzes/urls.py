from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("", views.quiz_index, name="index"),
    path("attempt/<uuid:attempt_uuid>/", views.attempt_take, name="attempt"),
    path(
        "questions/<int:question_id>/preview/",
        views.question_preview,
        name="preview",
    ),
    path("<slug:slug>/", views.quiz_detail, name="detail"),
    path("<slug:slug>/start/", views.attempt_start, name="start"),
]
