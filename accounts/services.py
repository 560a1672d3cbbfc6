"""Write workflows for accounts. Views, admin actions and tasks call these."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

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
    """Queue the invitation e-mail; it is sent by a worker once the transaction has committed."""
    from .tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.delay(user.pk))


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
    from employers.models import AccountAssignment

    if user.is_active == active:
        return user
    user.is_active = active
    with audit.tracked(user, by=by):
        user.save(update_fields=["is_active"])
    if not active:
        _end_sessions(user)
    held = AccountAssignment.objects.current().filter(manager=user)
    rescan_after_commit(held.values_list("employer_id", flat=True))
    return user


def _end_sessions(user):
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
