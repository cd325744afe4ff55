"""Finding training by words: for the search box, and the "page not found" page."""

from wagtail.models import Page

from courses.models import CoursePage, ModulePage


def search_training(query):
    """Live courses and modules that match the words, best match first."""
    query = (query or "").strip()
    if not query:
        return Page.objects.none()
    return (
        Page.objects.live()
        .type(CoursePage, ModulePage)
        .specific()
        .search(query, operator="and")
    )
