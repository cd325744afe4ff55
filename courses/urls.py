from django.urls import path

from . import certificate_views, views

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
    # certification (issue 6)
    path(
        "my-training/certificates/<str:code>/",
        certificate_views.certificate_detail,
        name="certificate",
    ),
    path(
        "my-training/certificates/<str:code>/pdf/",
        certificate_views.certificate_pdf,
        name="certificate_pdf",
    ),
    path("verify/<str:code>/", certificate_views.verify, name="verify"),
]
