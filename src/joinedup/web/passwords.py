"""The password-reset request, limited per e-mail address and per client address.

Django's own view sends the e-mail; this one counts the request first
(:mod:`joinedup.web.rates`, scopes ``reset-address`` and ``reset-email``). Every
submitted address is counted whether or not an account has it, and the answer
is the same either way — the usual "if an account has this address, an e-mail
is on its way" while under the limit, and a page asking to wait once over it —
so the limit tells nobody which addresses have accounts. The client address is
counted first; a request it refuses does not count against the e-mail address.
"""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse

from joinedup.web.addresses import client_address
from joinedup.web.rates import take, wait_response

TEMPLATE = "joinedup/password_reset_form.html"


class LimitedPasswordResetView(PasswordResetView):
    """``accounts/password_reset/``: Django's view behind the two counts."""

    template_name = TEMPLATE

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        wait = take("reset-address", client_address(self.request)) or take("reset-email", email)
        if wait:
            return wait_response(self.request, wait, TEMPLATE, self.get_context_data(form=form))
        return super().form_valid(form)
