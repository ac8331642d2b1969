"""The password-reset request, limited per e-mail address and per client address.

Django's own view sends the e-mail; this one counts the request first
(:mod:`joinedup.web.rates`, scopes ``reset-address`` and ``reset-email``). Every
submitted address is counted whether or not an account has it, and the answer
is the same either way — the usual "if an account has this address, an e-mail
is on its way" while under the limit, and a page asking to wait once over it —
so the limit tells nobody which addresses have accounts. The client address is
counted first; a request it refuses does not count against the e-mail address.

The e-mail is written in the account holder's preferred language (their linked
person's ``language``; see :mod:`joinedup.registry.languages`), else in the language
of the page the request came from.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse
from django.utils import translation

from joinedup.web.addresses import client_address
from joinedup.web.rates import take, wait_response

TEMPLATE = "joinedup/password_reset_form.html"


class ResetForm(PasswordResetForm):
    """Django's form, sending each message in its recipient's language."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        context = args[2] if len(args) > 2 else kwargs["context"]
        # The base layer names no app: the linked person is read by attribute.
        person = getattr(context.get("user"), "person", None)
        language = getattr(person, "language", "") or ""
        if language not in {code for code, _name in settings.LANGUAGES}:
            language = translation.get_language()
        with translation.override(language):
            super().send_mail(*args, **kwargs)


class LimitedPasswordResetView(PasswordResetView):
    """``accounts/password_reset/``: Django's view behind the two counts."""

    template_name = TEMPLATE
    form_class = ResetForm
    # joinedup's own wording (in the catalogue, so in Welsh too), not the admin's.
    email_template_name = "joinedup/password_reset_email.txt"
    subject_template_name = "joinedup/password_reset_subject.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        wait = take("reset-address", client_address(self.request)) or take("reset-email", email)
        if wait:
            return wait_response(self.request, wait, TEMPLATE, self.get_context_data(form=form))
        return super().form_valid(form)
