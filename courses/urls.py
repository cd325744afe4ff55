from django.urls import path

from .views import certificates, past_completions, record, search, training

app_name = "courses"

urlpatterns = [
    path("my-training/", training.my_training, name="my_training"),
    path(
        "my-training/modules/<int:page_id>/done/",
        training.module_done,
        name="module_done",
    ),
    path(
        "my-training/courses/<int:page_id>/quiz/",
        training.quiz_start,
        name="quiz_start",
    ),
    path("my-record/", record.my_record, name="my_record"),
    path("my-record/pdf/", record.my_record_pdf, name="my_record_pdf"),
    path("training-admin/assign/", training.assign, name="assign"),
    path(
        "training-admin/past-completions/",
        past_completions.past_completions,
        name="past_completions",
    ),
    path(
        "my-training/certificates/<str:code>/",
        certificates.certificate_detail,
        name="certificate",
    ),
    path(
        "my-training/certificates/<str:code>/pdf/",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
    path("verify/<str:code>/", certificates.verify, name="verify"),
    path("search/", search.search, name="search"),
]
