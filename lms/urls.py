from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .accounts import views as accounts_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
    path("", views.home, name="home"),
    path("accounts/", include("lms.accounts.urls")),
    # Wagtail's own sign-in and sign-out would skip MFA and the provider's
    # sign-out: they lead to the project's (lms.accounts).
    path("admin/login/", accounts_views.to_sign_in),
    path("admin/logout/", accounts_views.logout),
    path(
        "training/_util/login/",
        accounts_views.to_sign_in,
        name="wagtailcore_login_to_sign_in",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Apps above the core are wired by dotted string, so lms imports none of them.
    path("quizzes/", include("quizzes.urls")),
    path("analytics/", include("analytics.urls")),
    path("classroom/", include("classroom.urls")),
    path("", include("courses.urls")),
    # Wagtail serves the training pages (courses and modules) under /training/.
    path("training/", include(wagtail_urls)),
]
