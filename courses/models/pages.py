"""The training site: a home page, courses, and the modules inside them.

Pages are declarations (fields, panels, search, tree rules); what a learner sees
comes from :mod:`courses.selectors.pages`. Opening a page records nothing
here: courses' ``before_serve_page`` hook records the launch and refuses a
module to anyone the course is not assigned to.
"""

from modelcluster.fields import ParentalManyToManyField

from django.db import models
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from courses.blocks import ModuleBodyBlock, SourceBlock
from courses.panels import PublishImpactPanel
from courses.selectors.pages import course_for_learner, module_for_learner
from courses.status import CourseDelivery
from lms import rich_text


def restricted_above(path_ref="path"):
    """Whether any view restriction applies to the page at ``path_ref``: one
    on the page, an ancestor, or a page an ancestor is an alias of. Tree paths
    of ancestors are prefixes of the page's own.
    """
    restrictions = PageViewRestriction.objects.alias(
        served_path=ExpressionWrapper(OuterRef(path_ref), output_field=CharField())
    ).filter(
        Q(served_path__startswith=F("page__path"))
        | Q(served_path__startswith=F("page__aliases__path"))
    )
    return Exists(restrictions)


class OneQueryViewRestrictions:
    """Wagtail's view-restriction check in one query instead of two, and in
    none when the page was routed with ``restricted_above`` (most pages have
    no restriction at all).

    The restrictions of this page and of its ancestors (for an alias, of the
    page it mirrors), read by tree path rather than by first listing the
    ancestors.
    """

    def get_view_restrictions(self):
        if getattr(self, "is_restricted", None) is False:
            return PageViewRestriction.objects.none()
        paths = [
            self.path[:end]
            for end in range(self.steplen, len(self.path) + 1, self.steplen)
        ]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()


class TrainingHomePage(OneQueryViewRestrictions, Page):
    """The root of the training site, served at /training/."""

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul"],
        validators=[rich_text.readable],
        help_text=_("Shown above the list of courses."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("training home page")

    def __str__(self):
        return self.title

    def live_courses(self):
        """The published courses of the site, in tree order."""
        return CoursePage.objects.live().child_of(self).specific().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.live_courses()
        return context

    def route(self, request, path_components):
        """Find a course (``/<course>/``) or module (``/<course>/<module>/``) in
        one query by its URL path, where Wagtail walks the tree a level at a
        time with two queries per level. Only courses live under the home and
        only modules under a course, so the depth says which model to read.
        As in Wagtail, the page served must be live.
        """
        if not path_components or len(path_components) > 2:
            return super().route(request, path_components)
        model = CoursePage if len(path_components) == 1 else ModulePage
        pages = model.objects.filter(
            url_path=self.url_path + "/".join(path_components) + "/",
            depth=self.depth + len(path_components),
        ).annotate(is_restricted=restricted_above())
        if model is CoursePage:
            pages = pages.select_related("quiz")
        page = pages.first()
        if page is None or not page.live:
            raise Http404
        return RouteResult(page)


class CoursePage(OneQueryViewRestrictions, Page):
    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences: what the learner will know.")
    )
    audience = models.CharField(
        _("audience"),
        max_length=255,
        blank=True,
        help_text=_("Who this course is for, in words, e.g. 'Every City employee'."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=20,
        help_text=_("Roughly how long the modules and quiz take."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        help_text=_(
            "The score needed on the course's quiz to complete the course; it "
            "overrides the quiz's own pass mark for attempts started from the course."
        ),
    )
    recertification_months = models.PositiveSmallIntegerField(
        _("recertification period (months)"),
        default=12,
        help_text=_(
            "How long a completion stays valid before the course is due again."
        ),
    )
    requires_recertification = models.BooleanField(
        _("requires recertification"),
        default=True,
        help_text=_("Ask learners to take the course again after the period above."),
    )
    version_label = models.CharField(
        _("version label"),
        max_length=40,
        default="1.0",
        help_text=_(
            "Change it when the content changes in substance; it is recorded with "
            "every learning event."
        ),
    )
    sources = StreamField(
        [("source", SourceBlock())],
        verbose_name=_("sources taught"),
        blank=True,
        help_text=_("The policy documents this course teaches."),
    )
    required_for_all = models.BooleanField(
        _("required of all employees"),
        default=False,
        help_text=_("Assign to every active employee, whatever the rules below."),
    )
    required_departments = ParentalManyToManyField(
        "lms.Department",
        verbose_name=_("required for departments"),
        blank=True,
        related_name="required_courses",
        help_text=_("Employees of these departments (and of their bureaus)."),
    )
    required_job_classes = models.TextField(
        _("required for job classes"),
        blank=True,
        help_text=_("One job class per line, exactly as in the HR roster."),
    )
    required_for_sworn = models.BooleanField(
        _("required for sworn staff"),
        default=False,
        help_text=_("Every sworn peace officer or firefighter."),
    )
    days_to_complete = models.PositiveSmallIntegerField(
        _("days to complete"),
        default=30,
        help_text=_("Due date = the day the course is assigned plus this many days."),
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("end-of-course quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Passing it (after every module) completes the course."),
    )
    delivery = models.CharField(
        _("delivery"),
        max_length=10,
        choices=CourseDelivery.choices,
        default=CourseDelivery.ONLINE,
        help_text=_(
            "Online: the modules and quiz complete it. In person: attending a "
            "scheduled session (Classroom sessions in the admin) completes it. "
            "Either: whichever the learner does first."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldRowPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("pass_mark"),
                FieldPanel("version_label"),
            ]
        ),
        FieldPanel("sources"),
        FieldPanel("quiz"),
        FieldPanel("delivery"),
        MultiFieldPanel(
            [
                FieldPanel("required_for_all"),
                FieldPanel("required_departments"),
                FieldPanel("required_job_classes"),
                FieldPanel("required_for_sworn"),
                FieldPanel("days_to_complete"),
            ],
            heading=_("Who must take it"),
            help_text=_(
                "Publishing assigns the course to every active employee who matches "
                "any rule."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("requires_recertification"),
                FieldPanel("recertification_months"),
            ],
            heading=_("Recertification"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.FilterField("required_for_all"),
    ]

    parent_page_types = ["courses.TrainingHomePage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def __str__(self):
        return self.title

    @property
    def offers_sessions(self):
        return self.delivery != CourseDelivery.ONLINE

    @property
    def job_class_list(self):
        return [
            line.strip()
            for line in self.required_job_classes.splitlines()
            if line.strip()
        ]

    @property
    def course_path(self):
        """The tree path of the course this page is (see ModulePage)."""
        return self.path

    def live_modules(self):
        """The course's published modules, in tree order."""
        return ModulePage.live_in([self])

    @staticmethod
    def live_modules_by_course(courses) -> dict[int, list["ModulePage"]]:
        """:meth:`live_modules` of several courses in one query, by course id.

        The bodies are left unloaded: these lists are for titles, links and
        counts.
        """
        courses = list(courses)
        result = {course.pk: [] for course in courses}
        by_path = {course.path: course.pk for course in courses}
        for module in ModulePage.live_in(courses).defer("body"):
            result[by_path[module.path[: -ModulePage.steplen]]].append(module)
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(course_for_learner(course=self, user=request.user))
        return context


class ModulePage(OneQueryViewRestrictions, Page):
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title."),
    )
    body = StreamField(
        ModuleBodyBlock(),
        verbose_name=_("body"),
        help_text=_(
            "Every key rule and policy excerpt must cite its document and section. "
            "End with the acknowledgements the learner must tick."
        ),
    )
    recertify_holders = models.BooleanField(
        _("requires recertification"),
        default=False,
        help_text=_(
            "Tick when this module teaches something every certified learner must "
            "learn now: publishing it opens a new cycle for each holder of a "
            "certificate issued before it was first published. Unticked, they stay "
            "certified until their next cycle."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel(
            [PublishImpactPanel(), FieldPanel("recertify_holders")],
            heading=_("Learners who already completed the course"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("module")

    def __str__(self):
        return self.title

    @property
    def course_path(self):
        """The tree path of the course this module is in (its parent's)."""
        return self.path[: -self.steplen]

    @classmethod
    def live_in(cls, courses):
        """The published modules of these courses, in tree order."""
        condition = Q(pk__in=[])
        for course in courses:
            condition |= Q(path__startswith=course.path, depth=course.depth + 1)
        return cls.objects.live().filter(condition).order_by("path")

    def acknowledgement_blocks(self):
        """The acknowledgement blocks of the body, in order, with stable ids."""
        # By name: converting only these blocks, not the choosers of the others.
        return list(self.body.blocks_by_name("acknowledgement"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(module_for_learner(module=self, user=request.user))
        return context
