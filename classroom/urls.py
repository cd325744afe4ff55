from django.urls import path

from . import views

app_name = "classroom"

urlpatterns = [
    path("courses/<int:course_id>/", views.course_sessions, name="course_sessions"),
    path("sessions/<int:session_id>/book/", views.book, name="book"),
    path("bookings/<int:booking_id>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:booking_id>/move/", views.move, name="move"),
    path("crew/", views.team_bookings, name="team_bookings"),
    path("trainer/", views.my_sessions, name="my_sessions"),
    path("sessions/<int:session_id>/roll-call/", views.roll_call, name="roll_call"),
    path("sessions/<int:session_id>/walk-in/", views.walk_in, name="walk_in"),
    path("sessions/<int:session_id>/close/", views.close, name="close"),
    path(
        "sessions/<int:session_id>/check-in-code/",
        views.check_in_code,
        name="check_in_code",
    ),
    path(
        "sessions/<int:session_id>/sign-in-sheet.pdf",
        views.sign_in_sheet,
        name="sign_in_sheet",
    ),
    path(
        "sessions/<int:session_id>/sign-in-sheet/upload/",
        views.sheet_upload,
        name="sheet_upload",
    ),
    path("check-in/<str:token>/", views.check_in, name="check_in"),
]
