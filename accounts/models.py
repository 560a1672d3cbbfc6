"""Who logs in: staff of a WSP (account managers, team leads, WSP admins) and employer users."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A labour-market region (arbeidsmarktregio) with its employer service point (WSP)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Team(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="teams", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="team_unique_name_per_region")
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """A staff member's home organisation: a municipality, UWV or an SW/development company."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        UWV = "uwv", _("UWV")
        SW_COMPANY = "sw_company", _("SW / development company")

    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)  # None gives an unusable password (invitation pending)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(role=User.Role.WSP_ADMIN, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def account_holders(self):
        """Who can hold an employer, be responsible for a candidate or own an action: the active
        account managers and team leads."""
        return self.filter(is_active=True, role__in=User.REGIONAL_ROLES)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        ACCOUNT_MANAGER = "account_manager", _("Account manager")
        TEAM_LEAD = "team_lead", _("Team lead")
        WSP_ADMIN = "wsp_admin", _("WSP admin")
        EMPLOYER_USER = "employer_user", _("Employer user")

    STAFF_ROLES = (Role.ACCOUNT_MANAGER, Role.TEAM_LEAD, Role.WSP_ADMIN)
    REGIONAL_ROLES = (Role.ACCOUNT_MANAGER, Role.TEAM_LEAD)

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, db_index=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("region"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    home_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("home organisation"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_users",
        verbose_name=_("employer"),
        help_text=_("Employer users only: the organisation whose portal they use."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["account_manager", "team_lead"]) | Q(region__isnull=False),
                name="user_regional_role_has_region",
            ),
            models.CheckConstraint(
                condition=(Q(role="employer_user") & Q(employer__isnull=False))
                | (~Q(role="employer_user") & Q(employer__isnull=True)),
                name="user_employer_only_for_employer_users",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()
        if self.role in self.REGIONAL_ROLES and not self.region_id:
            raise ValidationError({"region": _("Account managers and team leads need a region.")})
        if self.role == self.Role.EMPLOYER_USER and not self.employer_id:
            raise ValidationError({"employer": _("An employer user belongs to an employer.")})
        if self.role != self.Role.EMPLOYER_USER and self.employer_id:
            raise ValidationError({"employer": _("Only employer users belong to an employer.")})
        if self.team_id and self.team.region_id != self.region_id:
            raise ValidationError({"team": _("The team must belong to the user's region.")})

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.first_name

    @property
    def is_staff_member(self):
        return self.is_active and self.role in self.STAFF_ROLES

    @property
    def is_account_manager(self):
        return self.role == self.Role.ACCOUNT_MANAGER

    @property
    def is_team_lead(self):
        return self.role == self.Role.TEAM_LEAD

    @property
    def is_wsp_admin(self):
        return self.role == self.Role.WSP_ADMIN or self.is_superuser

    @property
    def is_employer_user(self):
        return self.role == self.Role.EMPLOYER_USER

    @property
    def is_staff(self):
        """Django admin access: WSP admins only."""
        return self.is_active and self.is_wsp_admin

    def has_perm(self, perm, obj=None):
        return (self.is_active and self.is_wsp_admin) or super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return (self.is_active and self.is_wsp_admin) or super().has_module_perms(app_label)


class RateCounter(models.Model):
    """One rate-limit counter (accounts/ratelimit.py) when the counts are kept in the database
    (RATE_LIMIT_STORE=database): a scope, a hashed caller and a time window in `name`. Rows whose
    window is over are deleted by the daily housekeeping job."""

    name = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self):
        return f"{self.name}: {self.count}"
