from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .forms import LoginForm

login_view = login_not_required(
    auth_views.LoginView.as_view(
        authentication_form=LoginForm, redirect_authenticated_user=True
    )
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("accounts/login/", login_view, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Apps above the core are wired by dotted string, so lms imports none of them.
    path("quizzes/", include("quizzes.urls")),
    path("analytics/", include("analytics.urls")),
    path("", include("courses.urls")),
    # Wagtail serves the training pages (courses and modules) under /training/.
    path("training/", include(wagtail_urls)),
]
