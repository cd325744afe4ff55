"""plotly.js as a static file, straight from the plotly package.

No copy in the repository and no CDN: this finder offers the package's own
``plotly.min.js`` as ``analytics/vendor/plotly.min.js``, so ``collectstatic``
gives it a content hash and whitenoise serves it compressed with a far-future
cache header like every other static file (production settings), and the
development server and the tests find it like any app's static file.
"""

from importlib import resources

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PATH = "analytics/vendor/plotly.min.js"


def _package_data():
    return str(resources.files("plotly") / "package_data")


class _Storage(FileSystemStorage):
    """The plotly package's data folder, listing only plotly.min.js."""

    def listdir(self, path):
        return [], ["plotly.min.js"] if not path else []


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.storage = _Storage(location=_package_data())
        self.storage.prefix = "analytics/vendor"

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != PATH:
            return [] if find_all else None
        found = self.storage.path("plotly.min.js")
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield "plotly.min.js", self.storage
