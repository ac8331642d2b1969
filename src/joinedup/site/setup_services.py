"""What the set-up pages do: each change in one transaction with its audit event.

Invitations give an account a role and e-mail a link to choose a password. The link
is Django's own password-reset confirmation (``PasswordResetTokenGenerator``): it
works once, stops working when the password is set, and expires after
``PASSWORD_RESET_TIMEOUT``. A person who already has an account with a password is
told of the new role and signs in as before. The e-mail is written in the
recipient's preferred language (:mod:`joinedup.registry.languages`), else in the
language of the page it is sent from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from joinedup.audit.log import record
from joinedup.registry import languages
from joinedup.registry.models import Access, AccessRole, Membership, Organisation, Partnership


def save_audited(form: Any, action: str, partnership: Partnership | None = None) -> Model:
    """Save a model form and write the audit event ``action`` for it."""
    with transaction.atomic():
        obj: Model = form.save()
        record(action, obj=obj, partnership=partnership, summary=str(obj)[:500])
    return obj


def create_organisation(
    form: Any, partnership: Partnership | None, joining: dict[str, Any] | None
) -> Model:
    """A new organisation; with a partnership, its membership too (``joining``:
    role and joined date), in the same transaction."""
    with transaction.atomic():
        organisation: Organisation = form.save()
        record(
            "organisation.create",
            obj=organisation,
            partnership=partnership,
            summary=str(organisation),
        )
        if partnership is not None and joining is not None:
            Membership.objects.create(organisation=organisation, partnership=partnership, **joining)
    return organisation


def create_partnership(form: Any) -> Partnership:
    """A new partnership and its founding memberships (joined on its start date)."""
    with transaction.atomic():
        partnership: Partnership = form.save()
        for organisation in form.cleaned_data["members"]:
            Membership.objects.create(
                organisation=organisation,
                partnership=partnership,
                role="lead" if organisation == partnership.lead else "member",
                joined=partnership.start_date,
            )
        names = ", ".join(o.name for o in form.cleaned_data["members"])
        record(
            "partnership.create",
            obj=partnership,
            partnership=partnership,
            summary=f"{partnership}: {names}"[:500],
        )
    return partnership


@dataclass(frozen=True)
class Invited:
    user: Any
    new_account: bool
    link: str


def _set_password_link(request: Any, user: Any) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return str(request.build_absolute_uri(path))


def invite_user(request: Any, email: str, role: str, partnership: Partnership | None) -> Invited:
    """Give the account with ``email`` (made now if there is none) the role, and
    e-mail it: a link to choose a password for a new account (or one that never
    chose a password), the sign-in page otherwise."""
    users = get_user_model()._default_manager
    with transaction.atomic():
        user = users.filter(email__iexact=email).order_by("pk").first()
        new_account = user is None
        if user is None:
            user = users.create(username=email[:150], email=email)
            user.set_unusable_password()
            user.save()
        Access.objects.get_or_create(user=user, role=role, partnership=partnership)
        record("user.invite", obj=user, partnership=partnership, summary=f"{email}: {role}")
    if user.has_usable_password():
        link = str(request.build_absolute_uri(reverse("login")))
    else:
        link = _set_password_link(request, user)
    with translation.override(languages.of_user(user) or translation.get_language()):
        subject, body = _account_mail(user, role, partnership, link)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
    return Invited(user, new_account, link)


def _account_mail(
    user: Any, role: str, partnership: Partnership | None, link: str
) -> tuple[str, str]:
    """The subject and body telling ``user`` of their role, in the active language."""
    where = partnership.name if partnership else _("every partnership")
    if user.has_usable_password():
        body = _(
            "You now have this role in joinedup for %(where)s:\n%(role)s\n\n"
            "Sign in as before, as %(username)s:\n%(link)s\n"
        )
    else:
        body = _(
            "You have been given an account in joinedup with this role for %(where)s:\n"
            "%(role)s\n\nChoose your password here (the link works once):\n%(link)s\n\n"
            "Then sign in as %(username)s.\n"
        )
    role_name = str(AccessRole(role).label)
    values = {"where": where, "role": role_name, "link": link, "username": user.get_username()}
    return _("Your joinedup account"), body % values
