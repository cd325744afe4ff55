from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "Administrator": [
            "courses.add_assignment",
            "courses.change_assignment",
            "courses.view_assignment",
            "courses.view_moduleprogress",
            "courses.view_acknowledgement",
            "courses.view_certificate",
            "courses.revoke_certificate",
            "courses.view_waiver",
            "courses.view_duedateextension",
            "courses.extend_due_date",
            "courses.waive_assignment",
            "courses.view_reminderlog",
            "courses.change_certificatedesign",
        ],
        "Manager": ["courses.view_assignment"],
    }
    # The search form of the "page not found" page and of the search page.
    site_search = "courses:search"
    nav_links = [
        ("My training", "courses:my_training", "employee_of", 10),
        ("My record", "courses:my_record", "employee_of", 11),
        ("Assign training", "courses:assign", "courses.add_assignment"),
        ("Past completions", "courses:past_completions", "courses.add_assignment"),
    ]

    def ready(self):
        from wagtail.signals import page_published

        from lms.signals import roster_imported
        from quizzes.signals import attempt_finished, result_links_wanted

        from . import receivers
        from .models import CoursePage, ModulePage

        roster_imported.connect(receivers.on_roster_imported, dispatch_uid="courses")
        page_published.connect(
            receivers.on_course_published, sender=CoursePage, dispatch_uid="courses"
        )
        attempt_finished.connect(receivers.on_attempt_finished, dispatch_uid="courses")
        result_links_wanted.connect(
            receivers.on_result_links_wanted, dispatch_uid="courses"
        )
        page_published.connect(
            receivers.on_module_published, sender=ModulePage, dispatch_uid="courses"
        )
        # After the rules above have run: a renewal is not a new assignment.
        page_published.connect(
            receivers.on_course_published_recertify,
            sender=CoursePage,
            dispatch_uid="courses-recertification",
        )
        self._connect_body_cache(receivers)

    @staticmethod
    def _connect_body_cache(receivers):
        from django.db.models.signals import post_delete, post_save
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from lms.policy.models import PolicySourceSettings, SourceDocument, SourcePart
        from quizzes.models import Quiz

        changed = receivers.on_body_content_changed
        for model in (
            SourceDocument,
            SourcePart,
            Quiz,
            PolicySourceSettings,
            get_document_model(),
            get_image_model(),
        ):
            uid = f"courses-body-cache-{model._meta.label}"
            post_save.connect(changed, sender=model, dispatch_uid=uid)
            post_delete.connect(changed, sender=model, dispatch_uid=uid)
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(changed, dispatch_uid="courses-body-cache")
        post_delete.connect(receivers.on_deleted, dispatch_uid="courses-body-cache")
