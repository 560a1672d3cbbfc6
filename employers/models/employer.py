"""The employer, its locations and THE scoping rule for everything that hangs off employers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q, Value
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

kvk_validator = RegexValidator(r"^\d{8}$", _("A KvK number has exactly 8 digits."))
branch_validator = RegexValidator(r"^\d{12}$", _("A branch number has exactly 12 digits."))
postcode_validator = RegexValidator(
    r"^[1-9]\d{3} [A-Z]{2}$", _("Enter a Dutch postcode such as 1234 AB.")
)


@deconstructible
class WebsiteValidator(URLValidator):
    """An http(s) address and nothing a page could break out of: URLValidator lets a path hold
    quotes and angle brackets (https://x.nl/"><script>), which no real address needs."""

    schemes = ["http", "https"]
    message = _("Enter a web address such as https://www.example.nl.")
    UNSAFE = frozenset("\"'<>`\\{}|^")

    def __call__(self, value):
        if not isinstance(value, str) or self.UNSAFE.intersection(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(value)


website_validator = WebsiteValidator()
JOB_AGREEMENT_MIN_STAFF = 25
LARGE_EMPLOYER_MIN_STAFF = 250


def normalise_postcode(value):
    """'1234ab' -> '1234 AB' (validation happens afterwards)."""
    compact = "".join((value or "").split()).upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else (value or "").strip()


def national_employers_held_in(region_id):
    """Ids of the national employers with a current assignment in the region (a few dozen)."""
    from .people import AccountAssignment  # people.py builds on this module

    return AccountAssignment.objects.filter(
        region_id=region_id, ended_on__isnull=True, employer__is_national=True
    ).values("employer_id")


def employer_ids_of_region(region_id):
    """Ids of the employers a region's staff may see: the region's own employers plus the
    national employers held in the region (the scoping rule below, as one id list).

    A UNION of two index lookups rather than `region = R OR EXISTS(...)`: PostgreSQL cannot
    estimate that OR (it expected half the employers of the country and read whole tables),
    while it estimates each branch of the union well and keeps using the indexes of the tables
    that hang off employers (docs/performance.md)."""
    own = Employer.objects.filter(region_id=region_id).order_by().values("id")
    return own.union(national_employers_held_in(region_id).order_by(), all=True)


def each_row_in_region(field, region_id):
    """Q: `field` (an employer id) is one of the region's visible employers, tested row by row
    against the hashed id list. The `OR false` keeps the planner from joining the list first,
    so it can find the rows through another index (an ordering, a trigram index)."""
    return Q(**{f"{field}__in": employer_ids_of_region(region_id)}) | Q(
        Value(False, output_field=models.BooleanField())
    )


# The stages of a running relationship, which should always have a fixed account manager.
RELATIONSHIP_STAGES = ("active", "strategic_partner")


def without_fixed_manager_q(region_id=None):
    """THE definition of "without a fixed account manager", for the start page, the employer
    list's filter and the dashboard alike: a running relationship (stage active or strategic
    partner) without a current fixed account manager who is still active, in `region_id` (the
    region that looks; None: in any region)."""
    from .people import AccountAssignment  # people.py builds on this module

    holders = AccountAssignment.objects.filter(
        employer_id=models.OuterRef("pk"),
        kind="primary",
        ended_on__isnull=True,
        manager__is_active=True,
    )
    if region_id is not None:
        holders = holders.filter(region_id=region_id)
    return Q(stage__in=RELATIONSHIP_STAGES) & ~models.Exists(holders)


class EmployerQuerySet(models.QuerySet):
    def without_fixed_manager(self, region_id=None):
        """The employers without a fixed account manager (see without_fixed_manager_q)."""
        return self.filter(without_fixed_manager_q(region_id))

    def visible_to(self, user):
        """THE scoping rule for employers (pages, API, exports, search all start here).

        WSP admins see everything. Staff see employers of their own region, plus national
        employers with a current assignment in their region. Anyone else sees nothing.
        """
        if not (user and user.is_authenticated and user.is_staff_member):
            return self.none()
        if user.is_wsp_admin:
            return self.all()
        return self.filter(pk__in=employer_ids_of_region(user.region_id))

    def visible_to_row_by_row(self, user):
        """The rows of `visible_to`, each tested against the visible ids (a hashed filter; the
        `OR false` keeps the planner from joining the id list first): for a read that finds
        its few rows through another index, such as the search's trigram indexes."""
        if not (user and user.is_authenticated and user.is_staff_member) or user.is_wsp_admin:
            return self.visible_to(user)
        return self.filter(each_row_in_region("pk", user.region_id))


class EmployerScopedQuerySet(models.QuerySet):
    """Rows that belong to an employer: visible when their employer is (the rule itself lives in
    EmployerQuerySet.visible_to and employer_ids_of_region, once)."""

    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_staff_member):
            return self.none()
        if user.is_wsp_admin:
            return self.filter(employer__isnull=False)
        return self.filter(employer_id__in=employer_ids_of_region(user.region_id))

    def visible_to_newest_first(self, user):
        """The rows of `visible_to`, written for reading one page of a big table in the order of
        an index (the API's newest conversations first).

        `visible_to` lets PostgreSQL join the visible employers, which is right for counts and
        narrow filters but makes it collect and sort every visible row before returning 50.
        Here each row is tested against the visible employer ids (a hashed filter: the `OR
        false` keeps the planner from turning the IN into a join), so it walks the ordering's
        index and stops after the page. Do not count with it (use `visible_to`)."""
        if not (user and user.is_authenticated and user.is_staff_member) or user.is_wsp_admin:
            return self.visible_to(user)
        return self.filter(each_row_in_region("employer_id", user.region_id))


class Employer(models.Model):
    class Ownership(models.TextChoices):
        PRIVATE = "private", _("Private")
        PUBLIC = "public", _("Public")

    class Sector(models.TextChoices):
        AGRICULTURE = "agriculture", _("Agriculture and horticulture")
        MANUFACTURING = "manufacturing", _("Manufacturing")
        CONSTRUCTION = "construction", _("Construction and installation")
        RETAIL = "retail", _("Retail and wholesale")
        LOGISTICS = "logistics", _("Transport and logistics")
        HOSPITALITY = "hospitality", _("Hospitality and catering")
        ICT = "ict", _("ICT and communication")
        FINANCE = "finance", _("Finance and insurance")
        BUSINESS_SERVICES = "business_services", _("Business services and cleaning")
        GOVERNMENT = "government", _("Public administration")
        EDUCATION = "education", _("Education")
        CARE = "care", _("Health and social care")
        CULTURE = "culture", _("Culture, sport and recreation")
        OTHER = "other", _("Other")

    class PsoLevel(models.TextChoices):
        NONE = "", _("Not certified")
        STEP_1 = "step_1", _("PSO step 1")
        STEP_2 = "step_2", _("PSO step 2")
        STEP_3 = "step_3", _("PSO step 3")
        PSO_30 = "pso_30", _("PSO 30+")

    class Inclusion(models.TextChoices):
        NOT_YET = "not_yet", _("Not yet inclusive")
        INCLUSIVE = "inclusive", _("Inclusive")

    class Stage(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        INTRODUCTION = "introduction", _("Introduction")
        ACTIVE = "active", _("Active")
        STRATEGIC_PARTNER = "strategic_partner", _("Strategic partner")

    region = models.ForeignKey(
        "accounts.Region",
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("region"),
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[kvk_validator]
    )
    branch_number = models.CharField(
        _("branch number"), max_length=12, blank=True, validators=[branch_validator]
    )
    ownership = models.CharField(
        _("public or private"), max_length=10, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    employee_count = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    is_social_enterprise = models.BooleanField(_("social enterprise"), default=False)
    pso_level = models.CharField(
        _("PSO certification"), max_length=10, choices=PsoLevel.choices, blank=True
    )
    inclusion = models.CharField(
        _("inclusion"), max_length=10, choices=Inclusion.choices, default=Inclusion.NOT_YET
    )
    stage = models.CharField(
        _("relationship stage"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.PROSPECT,
        db_index=True,
    )
    style_vacancy_filling = models.BooleanField(_("vacancy filling"), default=False)
    style_unburdening = models.BooleanField(_("unburdening"), default=False)
    style_strategic = models.BooleanField(_("strategic partnership"), default=False)
    is_national = models.BooleanField(_("national employer"), default=False)
    is_ambassador = models.BooleanField(_("ambassador employer"), default=False)
    website = models.URLField(_("website"), blank=True, validators=[website_validator])
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    knowledge_work = models.TextField(_("kind of work"), blank=True)
    knowledge_culture = models.TextField(_("culture"), blank=True)
    knowledge_accessibility = models.TextField(_("accessibility"), blank=True)
    knowledge_guidance = models.TextField(_("guidance capacity"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"], condition=~Q(kvk_number=""), name="employer_unique_kvk"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "stage"], name="employer_region_stage"),
            # The scoping rule reads a region's employer ids from the index alone, and the few
            # national employers without scanning the table (employer_ids_of_region).
            models.Index(fields=["region", "id"], name="employer_region_id"),
            models.Index(fields=["id"], condition=Q(is_national=True), name="employer_national"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("employers:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.pso_level and not self.is_social_enterprise:
            raise ValidationError(
                {"pso_level": _("Only a social enterprise can hold a PSO certification.")}
            )

    @property
    def size_class(self):
        if self.employee_count is None:
            return ""
        return "large" if self.employee_count >= LARGE_EMPLOYER_MIN_STAFF else "small"

    @property
    def size_class_display(self):
        return {"large": _("250 or more"), "small": _("fewer than 250"), "": _("unknown")}[
            self.size_class
        ]

    @property
    def job_agreement_applies(self):
        """The national job agreement (Banenafspraak) quota concerns employers with 25+ staff."""
        return self.employee_count is not None and self.employee_count >= JOB_AGREEMENT_MIN_STAFF

    @property
    def service_styles(self):
        styles = [
            (self.style_vacancy_filling, _("vacancy filling")),
            (self.style_unburdening, _("unburdening")),
            (self.style_strategic, _("strategic partnership")),
        ]
        return [label for used, label in styles if used]


class Location(models.Model):
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="locations", verbose_name=_("employer")
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=100, db_index=True)
    is_main = models.BooleanField(_("main location"), default=False)

    class Meta:
        ordering = ["-is_main", "city", "street"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [models.Index(fields=["postcode"], name="location_postcode")]

    def __str__(self):
        return f"{self.street}, {self.postcode} {self.city}"

    def clean(self):
        self.postcode = normalise_postcode(self.postcode)
        super().clean()
