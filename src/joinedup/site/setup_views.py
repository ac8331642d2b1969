"""Set-up pages: organisations, people, partnerships, memberships, uploads of
organisations and contacts, invitations to accounts, and the first-run page.

Who may do what (see :mod:`joinedup.registry.permissions`): an administrator
everything; a coordinator, within the partnerships they run — their
partnership's details and memberships, the organisations that are or were its
members and those organisations' people, and accounts with the coordinator's or
member's role for it. An object the viewer may not see is a 404; one they see but
may not change, a 403. Every change writes an audit event.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from joinedup.registry import permissions as perm
from joinedup.registry.imports import ImportFailed, import_contacts, import_organisations
from joinedup.registry.models import (
    Access,
    AccessRole,
    Membership,
    Organisation,
    Partnership,
    Person,
)
from joinedup.site import setup_forms as f
from joinedup.site import setup_services as service
from joinedup.web import uploads

PERSON_PATH = "organisation__memberships__partnership"


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = perm.get_visible_or_404(Partnership, request.user, pk)
    perm.require_manage(request.user, partnership)
    return partnership


def _form_page(request: HttpRequest, form: Any, title: str, **context: Any) -> HttpResponse:
    return render(request, "setup/form.html", {"form": form, "title": title, **context})


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The first-run page: organisations → partnership → coordinator invited."""
    perm.require_admin(request.user)
    partnerships = Partnership.objects.all()
    coordinators = Access.objects.filter(role=AccessRole.COORDINATOR)
    context = {
        "organisations": Organisation.objects.count(),
        "partnerships": partnerships,
        "coordinators": coordinators.select_related("user", "partnership"),
        "first": partnerships.first(),
    }
    return render(request, "setup/start.html", context)


@login_required
def organisation_new(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new organisation; within a partnership (``pk``) it joins it too, and a
    coordinator may add organisations only that way."""
    partnership = _managed(request, pk) if pk is not None else None
    if partnership is None:
        perm.require_admin(request.user)
    parents = perm.visible_organisations(request.user)
    form = f.OrganisationForm(request.POST or None, parents=parents)
    join = f.JoinForm(request.POST or None, prefix="join") if partnership else None
    if request.method == "POST" and form.is_valid() and (join is None or join.is_valid()):
        joining = join.cleaned_data if join is not None else None
        organisation = service.create_organisation(form, partnership, joining)
        messages.success(request, _("%(o)s is added.") % {"o": organisation})
        return (
            redirect("web:partnership", pk=partnership.pk)
            if partnership
            else redirect("setup:start")
        )
    title = _("Add an organisation")
    return _form_page(request, form, title, extra=join, partnership=partnership)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = perm.get_visible_or_404(Organisation, request.user, pk)
    perm.require_manage_organisation(request.user, organisation)
    parents = perm.visible_organisations(request.user)
    form = f.OrganisationForm(request.POST or None, instance=organisation, parents=parents)
    if request.method == "POST" and form.is_valid():
        service.save_audited(form, "organisation.change")
        messages.success(request, _("%(o)s is saved.") % {"o": organisation})
        return redirect("web:organisation", pk=organisation.pk)
    return _form_page(request, form, _("Change %(o)s") % {"o": organisation})


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
    organisations = perm.managed_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    initial = {"organisation": request.GET.get("organisation")}
    form = f.PersonForm(request.POST or None, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        person = service.save_audited(form, "person.create")
        messages.success(request, _("%(p)s is added.") % {"p": person})
        return redirect("web:organisation", pk=form.cleaned_data["organisation"].pk)
    return _form_page(request, form, _("Add a person"))


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = perm.get_visible_or_404(Person, request.user, pk, through=PERSON_PATH)
    organisations = perm.managed_organisations(request.user)
    if (
        person.organisation_id is None
        or not organisations.filter(pk=person.organisation_id).exists()
    ):
        raise PermissionDenied
    form = f.PersonForm(request.POST or None, instance=person, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        service.save_audited(form, "person.change")
        messages.success(request, _("%(p)s is saved.") % {"p": person})
        return redirect("web:organisation", pk=form.cleaned_data["organisation"].pk)
    return _form_page(request, form, _("Change %(p)s") % {"p": person})


@login_required
def partnership_new(request: HttpRequest) -> HttpResponse:
    perm.require_admin(request.user)
    form = f.PartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partnership = service.create_partnership(form)
        messages.success(request, _("%(p)s is created.") % {"p": partnership})
        return redirect("setup:start")
    if not Organisation.objects.exists():
        messages.info(request, _("Add the member organisations first."))
    return _form_page(request, form, _("Create a partnership"))


@login_required
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _managed(request, pk)
    form = f.PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        service.save_audited(form, "partnership.change", partnership)
        messages.success(request, _("%(p)s is saved.") % {"p": partnership})
        return redirect("web:partnership", pk=partnership.pk)
    return _form_page(
        request, form, _("Change %(p)s") % {"p": partnership}, partnership=partnership
    )


@login_required
def membership_new(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation (one the viewer may see) joins the partnership."""
    partnership = _managed(request, pk)
    organisations = perm.visible_organisations(request.user)
    form = f.MembershipForm(
        request.POST or None, partnership=partnership, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        service.save_audited(form, "membership.create", partnership)
        messages.success(request, _("The membership is added."))
        return redirect("web:partnership", pk=partnership.pk)
    title = _("A member joins %(p)s") % {"p": partnership}
    return _form_page(request, form, title, partnership=partnership)


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The role and dates of a membership; leaving is a ``left`` date."""
    membership = perm.get_visible_or_404(
        Membership.objects.select_related("partnership", "organisation"),
        request.user,
        pk,
        through="partnership",
    )
    partnership = membership.partnership
    perm.require_manage(request.user, partnership)
    form = f.MembershipForm(
        request.POST or None,
        instance=membership,
        partnership=partnership,
        organisations=Organisation.objects.filter(pk=membership.organisation_id),
    )
    if request.method == "POST" and form.is_valid():
        service.save_audited(form, "membership.change", partnership)
        messages.success(request, _("The membership is saved."))
        return redirect("web:partnership", pk=partnership.pk)
    title = _("%(o)s in %(p)s") % {"o": membership.organisation, "p": partnership}
    return _form_page(request, form, title, partnership=partnership)


def _upload(
    request: HttpRequest, run: Any, title: str, done: HttpResponse, **context: Any
) -> HttpResponse:
    """An upload page: the file goes through the importer in one transaction; the
    problems, each naming the file, row and column, are shown on the page."""
    form = uploads.UploadForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with uploads.saved(upload) as path:
            try:
                count = run(path, uploads.label_of(upload))
            except ImportFailed as exc:
                problems = exc
            else:
                messages.success(
                    request, _("%(n)d rows of %(f)s imported.") % {"n": count, "f": upload.name}
                )
                return done
    context.update({"form": form, "title": title, "problems": problems})
    return render(request, "setup/upload.html", context)


@login_required
def import_organisations_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partnership = _managed(request, pk) if pk is not None else None
    if partnership is None:
        perm.require_admin(request.user)
    editable = perm.managed_organisations(request.user)

    def run(path: Path, label: str) -> int:
        return import_organisations(path, partnership=partnership, editable=editable, label=label)

    done = redirect("web:partnership", pk=pk) if partnership else redirect("setup:start")
    title = _("Upload organisations")
    return _upload(request, run, title, done, partnership=partnership, what="organisations")


@login_required
def import_contacts_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partnership = _managed(request, pk) if pk is not None else None
    if partnership is None:
        perm.require_admin(request.user)
        organisations = Organisation.objects.all()
    else:
        organisations = Organisation.objects.filter(
            Q(memberships__partnership=partnership)
        ).distinct()

    def run(path: Path, label: str) -> int:
        return import_contacts(
            path, organisations=organisations, partnership=partnership, label=label
        )

    done = redirect("web:partnership", pk=pk) if partnership else redirect("setup:start")
    title = _("Upload contacts")
    return _upload(request, run, title, done, partnership=partnership, what="contacts")


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    """An account with a role, and the e-mail with a link to choose a password."""
    partnerships = perm.managed_partnerships(request.user)
    if not partnerships.exists() and not request.user.is_superuser:
        raise PermissionDenied
    evaluators = bool(request.user.is_superuser)
    initial = {"partnership": request.GET.get("partnership"), "role": request.GET.get("role")}
    form = f.InviteUserForm(
        request.POST or None, initial=initial, partnerships=partnerships, evaluators=evaluators
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invited = service.invite_user(request, data["email"], data["role"], data["partnership"])
        if invited.new_account:
            text = _(
                "An account for %(e)s is made; an e-mail with a link to choose a password is sent."
            )
        else:
            text = _(
                "%(e)s already has an account; the new role is added and they are told by e-mail."
            )
        messages.success(request, text % {"e": data["email"]})
        if data["partnership"] is not None and not request.user.is_superuser:
            return redirect("web:partnership", pk=data["partnership"].pk)
        return redirect("setup:start") if request.user.is_superuser else redirect("web:home")
    return _form_page(request, form, _("Invite someone to an account"))
