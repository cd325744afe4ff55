from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("my-training/", views.my_training, name="my_training"),
    path(
        "my-training/modules/<int:page_id>/done/",
        views.module_done,
        name="module_done",
    ),
    path(
        "my-training/courses/<int:page_id>/quiz/", views.quiz_start, name="quiz_start"
    ),
    path("training-admin/assign/", views.assign, name="assign"),
]
