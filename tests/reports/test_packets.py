"""Benchmark packets on one installation: what the export carries, freezing
against subtraction, the coordinator's consent, import with de-duplication and
refusals (all or nothing), and the pages."""

from __future__ import annotations

import copy
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client, override_settings

from joinedup.analysis import packets as fmt
from joinedup.audit.models import AuditEvent
from joinedup.reports import packets as service
from joinedup.reports.across import across
from joinedup.reports.models import FrozenRound, ImportedRound, TrustedInstallation
from joinedup.reports.scores import round_scores
from joinedup.surveys.models import Answer, Response, Round
from tests.conftest import PARTNERSHIP_A

OTHER = bytes(range(100, 132))  # the signing key of "another installation"


def _own(packet: dict) -> fmt.Packet:
    public = packet["installation"]["public_key"]
    return fmt.read_packet(service.packet_bytes(packet), lambda key: key == public, 5)


def _late_response(round_: Round) -> None:
    """A response that reaches a round after its figures were sent (a reopened
    round): a copy of a submitted one, slightly different."""
    source = round_.responses.filter(submitted__isnull=False).first()
    answers = list(source.answers.all())
    source.pk, source.invitation, source.respondent_key = None, None, ""
    source.pseudonym = "late-" + str(round_.pk)
    source.save()
    Answer.objects.bulk_create(
        Answer(response=source, item=a.item, value=a.value, text="", dont_know=a.dont_know)
        for a in answers
    )


@pytest.mark.django_db
def test_export_carries_closed_rounds_at_k_and_no_names(demo) -> None:
    packet = service.export_packet()
    read = _own(packet)
    text = json.dumps(packet)
    assert read.rounds
    for name in demo:
        assert name not in text
    for round_ in Round.objects.all():
        assert round_.period not in text  # free text that could name the partnership
    closed = {r.pk: r for r in Round.objects.filter(status="closed")}
    frozen = {f.round_id for f in FrozenRound.objects.all()}
    assert frozen <= set(closed)
    assert len(frozen) == len(read.rounds)
    some = closed[min(frozen)]
    scores = {d.dimension: d for d in round_scores(some).dimensions}
    key = fmt.pseudonym(settings.SIGNING_KEY, "round", some.pk)
    entry = next(r for r in packet["rounds"] if r["round_key"] == key)
    for dim in entry["dimensions"]:
        assert dim["n"] >= 5
        assert dim["mean"] == pytest.approx(scores[dim["name"]].mean, abs=1e-6)
        shown = sum(b["count"] for b in dim["bands"] if b["count"] is not None)
        assert dim["n"] - shown == 0 or dim["n"] - shown >= 5


@pytest.mark.django_db
def test_a_late_response_cannot_be_subtracted_between_two_packets(demo) -> None:
    first = service.export_packet()
    round_ = Round.objects.get(pk=FrozenRound.objects.order_by("round_id").first().round_id)
    key = fmt.pseudonym(settings.SIGNING_KEY, "round", round_.pk)
    before = next(r for r in first["rounds"] if r["round_key"] == key)
    _late_response(round_)
    # Computed afresh, the round now has one more respondent …
    fresh = service._figures(round_, 5)
    assert fresh["dimensions"][0]["n"] == before["dimensions"][0]["n"] + 1
    # … but every later packet sends the figures as first sent.
    second = service.export_packet()
    after = next(r for r in second["rounds"] if r["round_key"] == key)
    assert after == before
    assert first["rounds"] == second["rounds"]


@pytest.mark.django_db
def test_profile_travels_only_with_the_coordinators_consent(demo, personas) -> None:
    a = demo[PARTNERSHIP_A]
    key = fmt.pseudonym(settings.SIGNING_KEY, "partnership", a.pk)
    rounds = [r for r in service.export_packet()["rounds"] if r["partnership_key"] == key]
    assert rounds
    assert all(r["profile"] is None for r in rounds)
    client = personas.client("coordinator_a")
    page = client.get(f"/setup/partnerships/{a.pk}/")
    assert 'name="benchmark_profile"' in page.content.decode()
    data = {k: v for k, v in model_to_dict(a).items() if v is not None}
    data.update(benchmark_profile="on", start_date=a.start_date.isoformat())
    response = client.post(f"/setup/partnerships/{a.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    a.refresh_from_db()
    assert a.benchmark_profile
    rounds = [r for r in service.export_packet()["rounds"] if r["partnership_key"] == key]
    assert all(
        r["profile"] == {"type": a.purpose_kind, "basis": a.basis, "region": a.area} for r in rounds
    )


def _other_packet() -> dict:
    with override_settings(SIGNING_KEY=OTHER):
        return service.export_packet()


def _resign(packet: dict, created: str) -> dict:
    body = {k: v for k, v in packet.items() if k not in ("signature", "installation")}
    return fmt.sign({**body, "created": created}, OTHER)


def _files(*packets: dict) -> list[tuple[str, bytes]]:
    return [(f"p{i}.json", service.packet_bytes(p)) for i, p in enumerate(packets)]


@pytest.mark.django_db
def test_import_adds_then_recognises_resent_rounds(demo) -> None:
    packet = _other_packet()
    rounds = len(packet["rounds"])
    service.trust("Elsewhere", fmt.public_key(OTHER))
    report = service.import_packets(_files(packet))
    assert (report.ok, report.added, report.unchanged) == (True, rounds, 0)
    assert AuditEvent.objects.filter(action="benchmark.import").count() == 1
    again = service.import_packets(_files(packet))
    assert (again.added, again.unchanged, again.replaced) == (0, rounds, 0)
    # A newer packet whose round carries more respondents (k or more) replaces it.
    newer = copy.deepcopy(packet)
    dim = newer["rounds"][0]["dimensions"][0]
    dim["n"] += 5
    dim["bands"] = [{"band": b, "count": None} for b in fmt.BANDS]
    newer = _resign(newer, "2099-01-01T00:00:00.000000Z")
    report = service.import_packets(_files(newer))
    assert (report.replaced, report.unchanged) == (1, rounds - 1)
    # An older packet is skipped, not applied.
    older = _resign(packet, "2000-01-01T00:00:00.000000Z")
    report = service.import_packets(_files(older))
    assert report.older == 1
    stored = ImportedRound.objects.get(round_key=newer["rounds"][0]["round_key"])
    assert stored.dimensions[0]["n"] == dim["n"]


@pytest.mark.django_db
def test_a_resent_round_differing_by_fewer_than_k_is_refused(demo) -> None:
    packet = _other_packet()
    service.trust("Elsewhere", fmt.public_key(OTHER))
    service.import_packets(_files(packet))
    sneaky = copy.deepcopy(packet)
    dim = sneaky["rounds"][0]["dimensions"][0]
    dim["n"] += 1
    dim["bands"] = [{"band": b, "count": None} for b in fmt.BANDS]
    dim["mean"] += 0.01
    sneaky = _resign(sneaky, "2099-01-01T00:00:00.000000Z")
    before = list(ImportedRound.objects.values_list("dimensions", flat=True))
    report = service.import_packets(_files(sneaky))
    assert not report.ok
    problem = report.refused[0][1].problems[0]
    assert (problem.code, problem.column) == ("packet.subtraction", "rounds[0].dimensions")
    assert list(ImportedRound.objects.values_list("dimensions", flat=True)) == before


@pytest.mark.django_db
def test_one_bad_file_and_nothing_is_imported(demo) -> None:
    packet = _other_packet()
    service.trust("Elsewhere", fmt.public_key(OTHER))
    edited = json.loads(service.packet_bytes(packet))
    edited["rounds"][0]["dimensions"][0]["mean"] += 0.25
    report = service.import_packets(_files(packet, edited))
    assert not report.ok
    assert report.added == 0
    assert [(n, e.problems[0].code) for n, e in report.refused] == [
        ("p1.json", "packet.bad-signature")
    ]
    assert ImportedRound.objects.count() == 0


@pytest.mark.django_db
def test_an_installation_may_not_trust_itself(demo) -> None:
    with pytest.raises(ValueError, match="own key"):
        service.trust("Us", service.own_public_key())
    with pytest.raises(ValueError, match="32 bytes"):
        service.trust("Nonsense", "not-a-key")


@pytest.mark.django_db
def test_pages_evaluator_uploads_and_sees_the_pooled_benchmark(demo, personas) -> None:
    packet = _other_packet()
    TrustedInstallation.objects.create(name="Elsewhere", public_key=fmt.public_key(OTHER))
    client = personas.client("evaluator")
    upload = SimpleUploadedFile("elsewhere.json", service.packet_bytes(packet), "application/json")
    page = client.post("/reports/benchmark/packets/", {"packets": [upload]})
    text = page.content.decode()
    assert page.status_code == 200, text[:2000]
    assert f"{len(packet['rounds'])} rounds added" in text
    across_page = client.get("/reports/benchmark/across/").content.decode()
    assert "Elsewhere · " in across_page
    assert PARTNERSHIP_A in across_page
    edited = json.loads(service.packet_bytes(packet))
    edited["rounds"][0]["dimensions"][0]["mean"] = 4.9
    bad = SimpleUploadedFile("edited.json", json.dumps(edited).encode(), "application/json")
    refused = client.post("/reports/benchmark/packets/", {"packets": [bad]})
    assert refused.status_code == 400
    assert "packet.bad-signature" in refused.content.decode()
    for persona in ("member_a", "coordinator_a", "outsider"):
        other = personas.client(persona)
        assert other.get("/reports/benchmark/packets/").status_code == 403
        assert other.get("/reports/benchmark/across/").status_code == 403


@pytest.mark.django_db
def test_the_public_key_is_published_without_sign_in(demo) -> None:
    body = Client().get("/reports/benchmark/installation-key/").json()
    assert body["public_key"] == service.own_public_key()
    assert body["id"] == fmt.installation_id(body["public_key"])
    assert body["algorithm"] == "Ed25519"
    assert body["packet_format_version"] == 1


@pytest.mark.django_db
def test_local_partnerships_are_placed_as_their_packet_carries_them(demo) -> None:
    pooled = across({p.pk for p in demo.values()})
    assert pooled.choice is not None
    assert pooled.choice.key == "health-check"
    packet = service.export_packet()
    mine = [r for r in packet["rounds"] if r["instrument"]["key"] == "health-check"]
    for dim in pooled.dimensions:
        for placed in dim.placements:
            entry = next(r for r in mine if r["round_key"] == placed.round)
            figures = next(d for d in entry["dimensions"] if d["name"] == dim.name)
            assert (placed.n, placed.mean) == (figures["n"], figures["mean"])


@pytest.mark.django_db
def test_a_round_under_k_never_enters_a_packet(demo) -> None:
    """The attacker's easy case: a round cut down to k − 1 respondents sends
    nothing at all; at exactly k it sends figures that keep the band rule."""
    round_ = Round.objects.filter(status="closed", instrument__key="health-check").first()
    submitted = list(round_.responses.filter(submitted__isnull=False).order_by("pk"))
    Response.objects.filter(pk__in=[r.pk for r in submitted[4:]]).delete()
    assert service._figures(round_, 5) is None
    _late_response(round_)  # five respondents now
    entry = service._figures(round_, 5)
    assert entry is not None
    for dim in entry["dimensions"]:
        assert dim["n"] == 5
        shown = [b["count"] for b in dim["bands"] if b["count"] is not None]
        assert all(c == 0 or c >= 5 for c in shown)
        assert dim["n"] - sum(shown) in (0, 5)


@pytest.mark.django_db
def test_the_administration_refuses_a_key_that_is_not_one(demo, personas) -> None:
    client = personas.client("admin")
    page = client.post(
        "/admin/reports/trustedinstallation/add/",
        {"name": "Somewhere", "public_key": "bm90IGEga2V5", "note": ""},
    )
    assert page.status_code == 200
    assert "expected 32 bytes" in page.content.decode()
    assert not TrustedInstallation.objects.exists()
    good = fmt.public_key(OTHER)
    page = client.post(
        "/admin/reports/trustedinstallation/add/",
        {"name": "Somewhere", "public_key": good, "note": "checked by phone"},
    )
    assert page.status_code == 302
    assert TrustedInstallation.objects.get().installation_id == fmt.installation_id(good)


@pytest.mark.django_db
def test_the_api_gives_the_same_placements_as_the_page(demo, personas) -> None:
    packet = _other_packet()
    service.trust("Elsewhere", fmt.public_key(OTHER))
    assert service.import_packets(_files(packet)).ok
    body = personas.client("evaluator").get("/api/reports/benchmark/across/").json()
    assert body["installations"] == 1
    pooled = across({p.pk for p in demo.values()})
    assert body["instrument"] == pooled.choice.slug
    for got, dim in zip(body["dimensions"], pooled.dimensions, strict=True):
        assert got["name"] == dim.name
        assert [(r["n"], r["mean"], r["percentile"]) for r in got["placements"]] == [
            (p.n, p.mean, p.percentile) for p in dim.placements
        ]
    sources = {r["source"] for d in body["dimensions"] for r in d["placements"]}
    assert sources == {"here", "Elsewhere"}
    for persona in ("member_a", "coordinator_a"):
        assert personas.client(persona).get("/api/reports/benchmark/across/").status_code == 403
