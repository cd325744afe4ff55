from django.apps import AppConfig


class ClassroomConfig(AppConfig):
    """In-person (and video) sessions of courses: booking, attendance, and
    completion through courses' own completion service.

    It sits above courses (it completes assignments) and below analytics.
    """

    name = "classroom"
    verbose_name = "Classroom sessions"
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "Administrator": [
            "classroom.add_session",
            "classroom.change_session",
            "classroom.delete_session",
            "classroom.view_session",
            "classroom.view_booking",
            "classroom.view_bookingchange",
            "classroom.take_attendance",
        ],
        "Trainer": [
            "classroom.add_session",
            "classroom.change_session",
            # Safe since bookings PROTECT their session: only a session nobody
            # booked (one scheduled by mistake) can go.
            "classroom.delete_session",
            "classroom.view_session",
            "classroom.view_booking",
        ],
    }
    nav_links = [
        ("Crew bookings", "classroom:team_bookings", "is_manager", 20),
        ("Sessions I run", "classroom:my_sessions", "classroom.view_session", 21),
    ]

    def ready(self):
        from . import receivers  # noqa: F401 - connects the receivers
