"""Write workflows for accounts. Views, admin actions and tasks call these."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit import services as audit

from .models import User


@transaction.atomic
def staff_user_create(
    *,
    email,
    first_name,
    last_name,
    role,
    region=None,
    team=None,
    home_organisation=None,
    job_title="",
    phone="",
    by=None,
):
    """Create a staff member without a password and send them an invitation to choose one."""
    user = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        region=region,
        team=team,
        home_organisation=home_organisation,
        job_title=job_title,
        phone=phone,
    )
    user.set_unusable_password()
    user.full_clean()
    with audit.tracked(user, by=by):
        user.save()
    user_invite(user=user)
    return user


def user_invite(*, user):
    """Queue the invitation e-mail; it is sent by a worker once the transaction has committed.
    With the broker away it is sent right here instead: an invitation is never lost."""
    from wsp_crm.celery import publish

    from .tasks import send_invitation

    def queue():
        if not publish(send_invitation, (user.pk,), what=f"the invitation of user {user.pk}"):
            invitation_send(user=user)

    transaction.on_commit(queue, robust=True)


def invitation_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL}{path}"


def invitation_send(*, user):
    """Send the one-time link to choose a password, and record when it went out."""
    if not user.is_active:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "link": invitation_link(user)}
        subject = render_to_string("emails/invitation_subject.txt", context).strip()
        body = render_to_string("emails/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
    User.objects.filter(pk=user.pk).update(invited_at=timezone.now())
    return True


@transaction.atomic
def user_set_active(*, user, active, by=None):
    """(De)activate a user. A deactivated account manager's employers are flagged at once for
    reassignment, and their sessions end (they can no longer log in)."""
    from continuity.triggers import rescan_after_commit

    if user.is_active == active:
        return user
    user.is_active = active
    with audit.tracked(user, by=by):
        user.save(update_fields=["is_active"])
    if not active:
        _end_sessions(user)
    held = user.assignments.current()  # the AccountAssignments (employers app) they hold
    rescan_after_commit(held.values_list("employer_id", flat=True))
    return user


def _end_sessions(user, keep=None):
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


# --- Two-factor authentication --------------------------------------------------------------
# Devices are django-otp's: one TOTP device (the authenticator app) and one static device whose
# tokens are the recovery codes. Events are logged on the "accounts.security" logger.

security_log = logging.getLogger("accounts.security")
# How the audit trail records a second-factor change (no secrets, no codes).
TWO_FACTOR, RECOVERY_CODES = "two_factor", "recovery_codes"
ON, OFF, OLD, NEW = "on", "off", "replaced", "new"


def two_factor_setup_begin(*, user):
    """The unconfirmed authenticator-app device of a set-up in progress (made once, reused on
    every visit of the set-up page until it is confirmed). Refused when one is already on."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        raise ValidationError(_("Two-factor authentication is already on for this account."))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=gettext("Authenticator app"), confirmed=False
        )
    return device


@transaction.atomic
def two_factor_setup_confirm(*, user, code):
    """Switch two-factor authentication on with the first code from the app just set up.

    Returns (device, recovery codes); the codes are shown to the user once. A wrong code raises
    ValidationError (and counts towards django-otp's back-off on that device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .two_factor import is_totp_code, normalise_code

    device = (
        TOTPDevice.objects.devices_for_user(user, confirmed=False)
        .select_for_update()
        .order_by("pk")
        .first()
    )
    if device is None:
        raise ValidationError(_("Start the set-up again: no authenticator app is waiting."))
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(_("Too many wrong codes. Wait a few seconds and try again."))
    code = normalise_code(code)
    if not (is_totp_code(code) and device.verify_token(code)):
        raise ValidationError(_("That code is not right. Enter the current six-digit code."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _recovery_codes_replace(user)
    audit.record_change(user, {TWO_FACTOR: [OFF, ON]}, by=user)
    security_log.info("two-factor authentication switched on for user id %s", user.pk)
    return device, codes


@transaction.atomic
def two_factor_recovery_codes_regenerate(*, user):
    """New recovery codes; the old ones stop working. The caller has checked a current code."""
    codes = _recovery_codes_replace(user)
    audit.record_change(user, {RECOVERY_CODES: [OLD, NEW]}, by=user)
    security_log.info("recovery codes regenerated for user id %s", user.pk)
    return codes


def _recovery_codes_replace(user):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from .two_factor import RECOVERY_CODE_COUNT

    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(
            user=user, name=gettext("Recovery codes"), confirmed=True
        )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.throttle_reset(commit=False)
    device.confirmed = True
    device.save()
    return sorted(codes)


@transaction.atomic
def two_factor_reset(*, user, by, keep_session_key=None):
    """Remove a user's second factor (authenticator app and recovery codes), e.g. after a lost
    phone. Staff must set it up again at their next login; an employer user's is simply off.

    `by` is who did it: the user themselves (after a current code) or a WSP admin
    (`two_factor_reset_allowed`). The user's sessions end, except `keep_session_key` (the
    session of a user resetting their own)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if by.pk != user.pk and not two_factor_reset_allowed(by=by, user=user):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _end_sessions(user, keep=keep_session_key)
    audit.record_change(user, {TWO_FACTOR: [ON, OFF]}, by=by)
    if by.pk == user.pk:
        security_log.warning("two-factor authentication reset by user id %s themselves", user.pk)
    else:
        security_log.warning(
            "two-factor authentication of user id %s reset by WSP admin user id %s",
            user.pk,
            by.pk,
        )
    return user


def two_factor_resettable_users(admin):
    """Whose second factor a WSP admin may reset: users of the admin's region (staff of the
    region, employer users of the region's employers), or everybody for an admin without a
    region. Never their own (that goes through their account page, with a code)."""
    if not (admin and admin.is_active and admin.is_wsp_admin):
        return User.objects.none()
    users = User.objects.exclude(pk=admin.pk)
    if not admin.is_superuser:
        users = users.filter(is_superuser=False)
    if admin.region_id:
        users = users.filter(Q(region_id=admin.region_id) | Q(employer__region_id=admin.region_id))
    return users


def two_factor_reset_allowed(*, by, user):
    return two_factor_resettable_users(by).filter(pk=user.pk).exists()
