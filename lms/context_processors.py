from . import access


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "site_search_url": None, "signed_in_employee": None}
    return {
        "nav_links": access.navigation_links(user),
        "site_search_url": access.site_search_url(),
        "signed_in_employee": access.employee_of(user),
    }
