from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("departments/<slug:code>/", views.department, name="department"),
    path("oversight/", views.oversight, name="oversight"),
    path("items/", views.items, name="items"),
    path("plotly.min.js", views.plotly_js, name="plotly_js"),
]
