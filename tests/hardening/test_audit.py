"""The audit log: administrator and coordinator actions leave events naming who,
in what role, from which address; only administrators can read the log, and
nobody can change it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.registry.models import Access, AccessRole
from joinedup.surveys.models import Round, RoundStatus
from joinedup.web.models import ApiToken
from tests.conftest import PARTNERSHIP_A

LOG_URL = "/admin/audit/auditevent/"


def events(action: str):  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(action=action)


@pytest.fixture
def open_round(personas, demo):
    round_ = Round.objects.filter(partnership=demo[PARTNERSHIP_A]).last()
    assert round_ is not None
    # Open until next month: a round past its closing date is closed by the clock.
    closes = timezone.now() + dt.timedelta(days=30)
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.OPEN, closes=closes)
    round_.refresh_from_db()
    return round_


def test_coordinator_closing_a_round_is_recorded(personas, open_round):
    client = personas.client("coordinator_a")
    url = f"/surveys/rounds/{open_round.pk}/status/"
    client.post(url, {"action": "close"}, REMOTE_ADDR="203.0.113.7")
    event = events("round.close").get()
    assert (event.who, event.role, event.address) == ("coordinator_a", "coordinator", "203.0.113.7")
    assert event.user == personas.coordinator_a
    assert event.partnership == open_round.partnership
    assert (event.object_type, event.object_id) == ("surveys.round", str(open_round.pk))


def test_download_of_confidential_list_is_recorded(personas, open_round):
    client = personas.client("coordinator_a")
    response = client.get(f"/surveys/rounds/{open_round.pk}/reminders.csv")
    assert response.status_code == 200
    event = events("download").get()
    assert event.object_type == "surveys:reminders"
    assert event.object_id == str(open_round.pk)
    assert event.partnership == open_round.partnership
    assert (event.who, event.role) == ("coordinator_a", "coordinator")


def test_refused_download_is_not_recorded_as_a_download(personas, open_round):
    personas.client("member_a").get(f"/surveys/rounds/{open_round.pk}/reminders.csv")
    assert not events("download").exists()


def test_api_token_creation_is_recorded(personas):
    client = personas.client("member_a")
    client.post("/account/tokens/", {"name": "nightly export"})
    token = ApiToken.objects.get(user=personas.member_a)
    event = events("api-token.create").get()
    assert event.object_id == str(token.pk)
    assert event.who == "member_a"
    assert "nightly export" in event.summary


def test_admin_grant_and_change_are_mirrored(personas, demo):
    client = personas.client("admin")
    partnership = demo[PARTNERSHIP_A]
    response = client.post(
        "/admin/registry/access/add/",
        {"user": personas.outsider.pk, "role": AccessRole.MEMBER, "partnership": partnership.pk},
    )
    assert response.status_code == 302, response.content[:2000]
    grant = events("access.grant").get(who="admin")  # the personas' grants are "system"
    assert (grant.who, grant.role, grant.partnership) == ("admin", "administrator", partnership)
    added = events("admin.add").get()
    assert added.object_type == "registry.access"
    access = Access.objects.get(user=personas.outsider)
    client.post(f"/admin/registry/access/{access.pk}/delete/", {"post": "yes"})
    assert events("access.revoke").count() == 1
    assert events("admin.delete").get().object_id == str(access.pk)


def test_cli_import_is_recorded_as_the_operator(personas, open_round, tmp_path, capsys):
    from joinedup import cli

    path = tmp_path / "returns.csv"
    org = open_round.partnership.members_on(open_round.opens.date()).first().organisation
    path.write_text(f"respondent,organisation,group\nP-1,{org.name},officer\n", encoding="utf-8")
    assert cli.main(["responses", "import", "--round", str(open_round.pk), str(path)]) == 0
    event = events("responses.import").get()
    assert event.role == "operator"
    assert event.who.startswith("shell:")
    assert "1 added" in event.summary


@pytest.mark.parametrize("persona", ["outsider", "member_a", "coordinator_a", "evaluator"])
def test_only_administrators_see_the_log(personas, persona):
    response = personas.client(persona).get(LOG_URL)
    assert response.status_code == 302  # to the administration's login: not staff
    assert "/admin/login/" in response["Location"]
    assert personas.client("admin").get(LOG_URL).status_code == 200


def test_staff_with_the_permission_still_gets_403(personas):
    staff = get_user_model().objects.create_user("clerk", "c@example.org", "x", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="audit"))
    client = Client()
    client.force_login(staff)
    assert client.get(LOG_URL).status_code == 403


def test_events_cannot_be_changed_or_deleted(personas):
    event = AuditEvent.objects.create(who="x", action="test")
    event.summary = "rewritten"
    with pytest.raises(ValueError, match="cannot be changed"):
        event.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        event.delete()
    client = personas.client("admin")
    assert client.get(f"{LOG_URL}{event.pk}/change/").status_code == 200  # read-only view
    assert client.post(f"{LOG_URL}{event.pk}/change/", {"summary": "y"}).status_code == 403
    assert client.get(f"{LOG_URL}{event.pk}/delete/").status_code == 403
    assert client.get(f"{LOG_URL}add/").status_code == 403


def test_housekeeping_prunes_old_events_and_records_it(db, capsys):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from joinedup import cli

    now = timezone.now()
    AuditEvent.objects.create(who="old", action="round.close", when=now - dt.timedelta(days=400))
    AuditEvent.objects.create(who="new", action="round.close", when=now - dt.timedelta(days=10))
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=now - dt.timedelta(1))
    Session.objects.create(session_key="y" * 32, session_data="", expire_date=now + dt.timedelta(1))
    assert cli.main(["housekeeping"]) == 0
    assert "Deleted 1 expired sessions." in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="round.close").count() == 2  # kept by default
    assert cli.main(["housekeeping", "--audit-days", "365"]) == 0
    assert list(AuditEvent.objects.filter(action="round.close").values_list("who", flat=True)) == [
        "new"
    ]
    prune = AuditEvent.objects.get(action="audit.prune")
    assert prune.role == "operator"
    assert "1 events" in prune.summary
    assert Session.objects.count() == 1
    assert cli.main(["housekeeping", "--audit-days", "7"]) == 1
    assert "at least 30" in capsys.readouterr().err
