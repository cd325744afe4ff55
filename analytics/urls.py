from django.urls import path

from . import classroom_views, team_views, views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("departments/<slug:code>/", views.department, name="department"),
    path(
        "departments/<slug:code>/remind/",
        team_views.department_remind,
        name="department_remind",
    ),
    path("employees/<str:number>/", team_views.employee, name="employee"),
    path(
        "employees/<str:number>/remind/",
        team_views.employee_remind,
        name="employee_remind",
    ),
    path(
        "assignments/<int:pk>/waive/",
        team_views.assignment_waive,
        name="assignment_waive",
    ),
    path(
        "assignments/<int:pk>/extend/",
        team_views.assignment_extend,
        name="assignment_extend",
    ),
    path("oversight/", views.oversight, name="oversight"),
    path("items/", views.items, name="items"),
    path("sessions/", classroom_views.sessions, name="sessions"),
]
