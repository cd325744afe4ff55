from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from courses.selectors.search import search_training

PER_PAGE = 20
MAX_QUERY = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = Paginator(search_training(query), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "courses/search.html", {"query": query, "results": results})
