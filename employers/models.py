"""Employer accounts: the employer, its locations and contact persons, its fixed account manager
(with full history) and the log of conversations with it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wsp_crm.choices import code_labels, is_code_list

kvk_validator = RegexValidator(r"^\d{8}$", _("A KvK number has exactly 8 digits."))
branch_validator = RegexValidator(r"^\d{12}$", _("A branch number has exactly 12 digits."))
postcode_validator = RegexValidator(
    r"^[1-9]\d{3} [A-Z]{2}$", _("Enter a Dutch postcode such as 1234 AB.")
)
JOB_AGREEMENT_MIN_STAFF = 25
LARGE_EMPLOYER_MIN_STAFF = 250


def normalise_postcode(value):
    """'1234ab' -> '1234 AB' (validation happens afterwards)."""
    compact = "".join((value or "").split()).upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else (value or "").strip()


def national_employers_held_in(region_id):
    """Ids of the national employers with a current assignment in the region (a few dozen)."""
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


class EmployerQuerySet(models.QuerySet):
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
        return self.filter(
            Q(employer_id__in=employer_ids_of_region(user.region_id))
            | Q(Value(False, output_field=models.BooleanField()))
        )


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
    website = models.URLField(_("website"), blank=True)
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


class ContactPersonQuerySet(EmployerScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class ContactPerson(models.Model):
    class Level(models.TextChoices):
        TOP = "top", _("Top (owner / director)")
        MIDDLE = "middle", _("Middle (HR / management)")
        FLOOR = "floor", _("Shop floor (supervisor / buddy)")

    ROLE_FIELDS = ("is_director", "is_hr", "is_supervisor", "is_champion")

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("employer")
    )
    name = models.CharField(_("name"), max_length=160)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    is_director = models.BooleanField(_("director / owner"), default=False)
    is_hr = models.BooleanField(_("HR"), default=False)
    is_supervisor = models.BooleanField(_("supervisor / buddy"), default=False)
    is_champion = models.BooleanField(
        _("champion (kartrekker)"),
        default=False,
        help_text=_("Carries inclusion inside the organisation."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    active_since = models.DateField(_("active since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True, db_index=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")), name="contact_not_own_successor"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.successor_id and self.successor.employer_id != self.employer_id:
            raise ValidationError({"successor": _("The successor must work at the same employer.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A person cannot succeed themselves.")})
        if self.left_on and self.active_since and self.left_on < self.active_since:
            raise ValidationError({"left_on": _("The leaving date lies before the start date.")})

    @property
    def has_left(self):
        return self.left_on is not None and self.left_on <= timezone.localdate()

    @property
    def roles(self):
        labels = [
            (self.is_director, _("director / owner")),
            (self.is_hr, _("HR")),
            (self.is_supervisor, _("supervisor / buddy")),
            (self.is_champion, _("champion (kartrekker)")),
        ]
        return [label for flag, label in labels if flag]


class ContactEvent(models.Model):
    """The comings and goings of contact persons: the history behind continuity signals."""

    class Kind(models.TextChoices):
        ADDED = "added", _("added")
        LEFT = "left", _("left")
        ROLE_CHANGED = "role_changed", _("role changed")
        VERIFIED = "verified", _("verified")

    contact = models.ForeignKey(
        ContactPerson, on_delete=models.CASCADE, related_name="events", verbose_name=_("contact")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    details = models.CharField(_("details"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("contact person change")
        verbose_name_plural = _("contact person changes")
        indexes = [models.Index(fields=["kind", "at"], name="contactevent_kind_at")]

    def __str__(self):
        return f"{self.contact}: {self.get_kind_display()} ({self.on})"


class AccountAssignmentQuerySet(EmployerScopedQuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class AccountAssignment(models.Model):
    """Who holds an employer for the WSP. Never deleted: ending one keeps the history."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Fixed account manager")
        BACKUP = "backup", _("Backup")

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("employer")
    )
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("account manager"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRIMARY)
    started_on = models.DateField(_("start"), default=timezone.localdate)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    handover_note = models.TextField(_("handover note"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AccountAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("account assignment")
        verbose_name_plural = _("account assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "region"],
                condition=Q(kind="primary", ended_on__isnull=True),
                name="assignment_one_current_primary",
            ),
            models.UniqueConstraint(
                fields=["employer", "manager"],
                condition=Q(ended_on__isnull=True),
                name="assignment_one_current_per_manager",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["manager", "ended_on"], name="assignment_manager_current"),
            models.Index(
                fields=["region", "employer"],
                condition=Q(ended_on__isnull=True),
                name="assignment_region_current",
            ),
        ]

    def __str__(self):
        return f"{self.manager} – {self.employer} ({self.get_kind_display()})"

    @property
    def is_current(self):
        return self.ended_on is None


class ConversationQuerySet(EmployerScopedQuerySet):
    def open_actions(self):
        return self.exclude(next_action="").filter(next_action_done_at__isnull=True)


class Conversation(models.Model):
    """A contact moment with an employer, with an optional next action."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        VIDEO = "video", _("Video call")
        EVENT = "event", _("Event")
        MESSAGE = "message", _("Message")

    class Topic(models.TextChoices):
        STAFFING = "staffing", _("Staffing need")
        INSTRUMENTS = "instruments", _("Instruments")
        JOB_CARVING = "job_carving", _("Job carving")
        GUIDANCE = "guidance", _("Guidance")
        RETENTION = "retention", _("Retention")
        HR_STRATEGY = "hr_strategy", _("HR / strategy")
        SOCIAL_RETURN = "social_return", _("Social return")
        JOB_AGREEMENT = "job_agreement", _("Job agreement")
        INTRODUCTION = "introduction", _("Introduction")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class Style(models.TextChoices):
        VACANCY_FILLING = "vacancy_filling", _("Vacancy filling")
        UNBURDENING = "unburdening", _("Unburdening")
        STRATEGIC = "strategic", _("Strategic partnership")

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("employer"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("logged by"),
    )
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    participants = models.ManyToManyField(
        ContactPerson, blank=True, related_name="conversations", verbose_name=_("participants")
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    service_style = models.CharField(
        _("service style"), max_length=20, choices=Style.choices, blank=True
    )
    summary = models.TextField(_("summary"))
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    next_action_due = models.DateField(_("due date"), null=True, blank=True)
    next_action_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_actions",
        verbose_name=_("owner of the next action"),
    )
    next_action_done_at = models.DateTimeField(_("next action done"), null=True, blank=True)
    next_action_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("next action done by"),
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            models.Index(fields=["employer", "-occurred_at"], name="conversation_employer_time"),
            # Newest-first lists across employers (the conversations API): no full-table sort.
            models.Index(fields=["-occurred_at", "-id"], name="conversation_time"),
            models.Index(
                fields=["next_action_owner", "next_action_due"], name="conversation_action_owner"
            ),
            # Open next actions per employer (the employer page, the dashboard's overdue
            # figures): a small index of the few open ones instead of every conversation.
            models.Index(
                fields=["employer", "next_action_due"],
                condition=Q(next_action_done_at__isnull=True) & ~Q(next_action=""),
                name="conversation_open_action",
            ),
        ]

    def __str__(self):
        return f"{self.employer} – {self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if not is_code_list(self.topics, self.Topic):
            raise ValidationError({"topics": _("Choose topics from the list.")})
        if (self.next_action_due or self.next_action_owner_id) and not self.next_action:
            raise ValidationError({"next_action": _("Describe the next action.")})

    @property
    def topic_labels(self):
        return code_labels(self.topics, self.Topic)

    @property
    def has_open_action(self):
        return bool(self.next_action) and self.next_action_done_at is None
