"""The demo's participation story, the pages, the public page and who may see what."""

from __future__ import annotations

import datetime as dt

from joinedup.participation import models as m
from joinedup.participation import services
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C

AS_OF = dt.date(2026, 6, 30)


def _calendar_shows_the_northfield_clash(demo):
    entries, by_id = services.calendar("Northfield", 30)
    clashing = {
        by_id[e.activity.id].title: [by_id[i].title for i in e.clashes_with]
        for e in entries
        if e.clashes_with
    }
    assert clashing == {
        "Northfield estate renewal consultation": [
            "Northfield estate safety survey and walkabouts"
        ],
        "Northfield estate safety survey and walkabouts": [
            "Northfield estate renewal consultation"
        ],
    }


def _tokenism_flag_fires_on_the_harbour_focus_groups_only(demo):
    flagged = []
    for partnership in demo.values():
        flagged += [a.title for a, _ in services.summary(partnership, AS_OF)["tokenism"]]
    assert flagged == ["Harbour night-time economy focus groups"]


def _demo_measures(demo):
    lsp = services.summary(demo[PARTNERSHIP_A], AS_OF)
    assert lsp["link_rate"].inputs == 12
    assert lsp["link_rate"].linked == 11
    ((_panel, fatigue),) = lsp["fatigue"]
    assert fatigue.distribution.get(3, 0) >= 1
    overdue = [seat.constituency for seat, st in lsp["seats"] if st.overdue]
    assert overdue == ["Tenants of Northfield estate"]
    hsc = services.summary(demo[PARTNERSHIP_C], AS_OF)
    reps = dict(hsc["representativeness"])
    gp = next(a for a in reps if a.title == "Harbour GP access satisfaction survey")
    age = next(r for r in reps[gp] if r.category == "age_band")
    assert age.similarity < 0.6
    assert age.rate_ratio == 0


def _partnership_page_shows_the_section(personas):
    client = personas.client("member_a")
    a = m.Activity.objects.filter(partnership__name=PARTNERSHIP_A).first().partnership
    page = client.get(f"/partnerships/{a.pk}/section/participation/").content.decode()
    assert "Participation and outcomes" in page
    assert "Decision-link rate" in page
    assert "<svg" in page
    assert "cannot simply be credited to the partnership" in page
    assert "Northfield estate safety survey and walkabouts" in page  # the clash
    assert "Add an activity" not in page  # members do not manage


def _outsider_and_anonymous_are_refused(personas, client):
    b = m.Activity.objects.filter(partnership__name=PARTNERSHIP_B).first()
    assert personas.client("outsider").get("/participation/calendar/").status_code == 403
    assert personas.client("member_a").get(f"/participation/activities/{b.pk}/").status_code == 404
    assert client.get("/participation/calendar/").status_code == 302
    assert (
        personas.client("outsider")
        .get(f"/api/participation/partnerships/{b.partnership_id}/summary")
        .status_code
        == 404
    )


def _calendar_for_members_hides_other_partnerships_details(personas):
    page = personas.client("member_a").get("/participation/calendar/").content.decode()
    assert "Northfield estate renewal consultation" in page
    assert PARTNERSHIP_B in page  # the clashing partnership is named …
    assert "Northfield estate safety survey and walkabouts" not in page  # … its title is not
    assert "Harbour night-time economy focus groups" not in page
    full = personas.client("evaluator").get("/participation/calendar/").content.decode()
    assert "Harbour night-time economy focus groups" in full
    assert full.count('class="clash"') == 2


def _calendar_areas_are_the_viewers_own(personas):
    """Issue 17: the area list named areas where only other partnerships work."""
    import re

    from django.db.models import Q

    a = m.Activity.objects.filter(partnership__name=PARTNERSHIP_A).first().partnership
    mine = set(
        m.Activity.objects.filter(Q(partnership=a) | Q(joint_with=a)).values_list("area", flat=True)
    )
    everywhere = set(m.Activity.objects.values_list("area", flat=True))
    assert everywhere - mine, "the demo must have areas outside partnership A for this test"
    page = personas.client("member_a").get("/participation/calendar/").content.decode()
    select = page[page.index('<select id="area"') : page.index("</select>")]
    offered = set(re.findall(r'<option value="([^"]+)"', select))
    assert offered == {area for area in mine if area}
    full = personas.client("evaluator").get("/participation/calendar/").content.decode()
    assert all(f'value="{area}"' in full for area in everywhere if area)


def _coordinator_records_an_activity_input_decision_link_and_feedback(personas):
    lsp = m.Activity.objects.filter(partnership__name=PARTNERSHIP_A).first().partnership
    client = personas.client("coordinator_a")
    response = client.post(
        f"/participation/partnerships/{lsp.pk}/activities/new/",
        {
            "title": "Harbour drop-in",
            "role": "purpose",
            "methods": ["public_meeting"],
            "declared_depth": "consult",
            "area": "Harbour",
            "target_groups": "traders; residents",
            "topic": "parking",
            "start": "2026-05-01",
            "end": "2026-05-01",
            "participants": "25",
        },
    )
    activity = m.Activity.objects.get(title="Harbour drop-in")
    assert response.status_code == 302
    assert activity.target_groups == ["traders", "residents"]
    url = f"/participation/activities/{activity.pk}/"
    client.post(url, {"form": "input", "input-summary": "More short-stay parking"})
    client.post(
        f"/participation/partnerships/{lsp.pk}/decisions/",
        {"taken_on": "2026-05-20", "title": "Review harbour parking", "body": "Board"},
    )
    item = activity.inputs.get()
    decision = m.Decision.objects.get(title="Review harbour parking")
    client.post(
        url,
        {
            "form": "link",
            "link-input": item.pk,
            "link-decision": decision.pk,
            "link-kind": "changed",
        },
    )
    client.post(
        url,
        {
            "form": "feedback",
            "feedback-you_said": "Parking is short.",
            "feedback-we_did": "We are reviewing it.",
            "feedback-published_on": "2026-06-01",
        },
    )
    assert item.links.get().kind == "changed"
    assert activity.feedback.count() == 1
    page = client.get(url).content.decode()
    assert "Review harbour parking" in page


def _members_cannot_post(personas):
    lsp = m.Activity.objects.filter(partnership__name=PARTNERSHIP_A).first()
    client = personas.client("member_a")
    assert (
        client.post(
            f"/participation/activities/{lsp.pk}/", {"form": "input", "input-summary": "x"}
        ).status_code
        == 403
    )
    assert (
        client.get(f"/participation/partnerships/{lsp.partnership_id}/activities/new/").status_code
        == 403
    )


def _public_page_lists_feedback_and_no_personal_data(demo, client):
    from joinedup.registry.models import Person

    response = client.get("/participation/public/kestermouth-lsp/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You said" in page
    assert "New lighting is funded for this winter." in page
    assert "@" not in page.replace("&#x27;", "'")
    for person in Person.objects.all():
        assert person.display_name not in page
        assert person.email not in page
    for seat in m.BoardSeat.objects.all():
        assert seat.constituency not in page
    assert client.get(f"/participation/public/{demo[PARTNERSHIP_A].pk}/").status_code == 200
    assert client.get("/participation/public/kestermouth-csp/").status_code == 404  # not opted in


def _api_summary_and_clashes(personas):
    a = personas.client("member_a")
    lsp = m.Activity.objects.filter(partnership__name=PARTNERSHIP_A).first().partnership
    data = a.get(f"/api/participation/partnerships/{lsp.pk}/summary?as_of=2026-06-30").json()
    assert data["linked_inputs"] == 11
    assert data["clashes"] == 1
    clashes = a.get("/api/participation/clashes").json()
    assert len(clashes) == 1
    assert {clashes[0]["first_partnership"], clashes[0]["second_partnership"]} == {
        PARTNERSHIP_A,
        PARTNERSHIP_B,
    }


# The demo takes seconds to load and the personas seconds to create, so each
# test below runs several checks on one load.


def test_demo_story_and_public_page(demo, client):
    _calendar_shows_the_northfield_clash(demo)
    _tokenism_flag_fires_on_the_harbour_focus_groups_only(demo)
    _demo_measures(demo)
    _public_page_lists_feedback_and_no_personal_data(demo, client)


def test_pages_and_permissions(personas, client):
    _partnership_page_shows_the_section(personas)
    _outsider_and_anonymous_are_refused(personas, client)
    _calendar_for_members_hides_other_partnerships_details(personas)
    _calendar_areas_are_the_viewers_own(personas)
    _members_cannot_post(personas)
    _api_summary_and_clashes(personas)
    _coordinator_records_an_activity_input_decision_link_and_feedback(personas)


def test_public_page_opt_in_by_the_coordinator(personas, client):
    csp = m.PublicFeedbackPage.objects.get(slug="kestermouth-csp").partnership
    lsp = m.PublicFeedbackPage.objects.get(slug="kestermouth-lsp").partnership
    url = f"/participation/partnerships/{lsp.pk}/public-page/"
    assert personas.client("member_a").post(url, {"enabled": "0"}).status_code == 403
    coordinator = personas.client("coordinator_a")
    assert coordinator.post(url, {"enabled": "0"}).status_code == 302
    assert client.get("/participation/public/kestermouth-lsp/").status_code == 404
    coordinator.post(url, {"enabled": "1"})
    assert client.get("/participation/public/kestermouth-lsp/").status_code == 200
    other = f"/participation/partnerships/{csp.pk}/public-page/"
    assert coordinator.post(other, {"enabled": "1"}).status_code == 404
    carers = m.Activity.objects.get(title="Carers' focus groups")
    hsc = services.set_public_page(carers.partnership, True)
    assert hsc.slug == "kestermouth-health-and-social-care-board"
