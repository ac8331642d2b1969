"""Reproduction 4 of issue 16, as the attacker would run it: a member, a coordinator and
an evaluator read everything about a partnership's network (the page with its
picture, the API, every download, the benchmark's network files, the report) and try
to tell who named whom, and to recover received ratings of organisations with fewer
than k raters.

The partnership is built here so every pair is known: eight organisations, one
respondent each, all of whom answered. ``DEPTH`` holds the two sides' ``net_depth``
ratings of each pair; a tie is a rating of at least 2 ("encounter"), so a pair with
one side at 1 is a one-way tie. The criterion for direction: swapping the two sides'
ratings of a one-way tie (the same tie named by the other side) must leave every byte
a non-administrator can read unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.utils import timezone

from joinedup.analysis.disclosure import disclosures
from joinedup.analysis.network.scores import TRUST_ITEMS, VALUE_ITEMS

pytestmark = pytest.mark.django_db

K = 5
SECTORS = (
    "public",
    "public",
    "public",
    "voluntary",
    "voluntary",
    "private",
    "private",
    "community",
)
# (i, j): (i's rating of j, j's rating of i) on net_depth; pairs not listed: both 1.
DEPTH = {
    (0, 1): (3, 4), (0, 2): (4, 1), (0, 3): (1, 3), (0, 4): (3, 3), (0, 5): (2, 1),
    (0, 6): (1, 2), (0, 7): (4, 4), (1, 2): (3, 2), (1, 3): (2, 1), (1, 5): (1, 4),
    (2, 3): (3, 3), (2, 4): (1, 2), (2, 6): (3, 1), (3, 4): (4, 3), (3, 7): (1, 3),
    (4, 5): (2, 2), (4, 6): (3, 1), (5, 6): (4, 3), (5, 7): (1, 2), (6, 7): (2, 4),
}  # fmt: skip
# Who rates whom on trust (organisation 1 has 4 raters: fewer than K) and on value
# (organisation 2 has 3); everyone else rates every partner.
TRUST_SKIPS = {(0, 1), (6, 1), (7, 1)}
VALUE_SKIPS = {(0, 2), (1, 2), (5, 2), (7, 2)}
PERSONAS = ("member_a", "coordinator_a", "evaluator")


def _one_way() -> list[tuple[int, int]]:
    return [pair for pair, (a, b) in DEPTH.items() if (a >= 2) != (b >= 2)]


@pytest.fixture
def town(personas, settings):
    """The eight organisations' partnership with one closed network round; the
    member and coordinator personas get access to it as they have to partnership A."""
    from joinedup.registry.models import Access, AccessRole, Membership, Organisation, Partnership
    from joinedup.surveys.library import ensure_builtin_instruments
    from joinedup.surveys.models import RelationAnswer, Response, Round

    settings.MIN_RESPONDENTS = K
    orgs = [
        Organisation.objects.create(name=f"Flip organisation {i}", sector=sector)
        for i, sector in enumerate(SECTORS)
    ]
    start = dt.date(2024, 1, 1)
    partnership = Partnership.objects.create(
        name="Flip Partnership", basis="voluntary", lead=orgs[0], start_date=start
    )
    for org in orgs:
        Membership.objects.create(organisation=org, partnership=partnership, joined=start)
    Access.objects.create(user=personas.member_a, role=AccessRole.MEMBER, partnership=partnership)
    Access.objects.create(
        user=personas.coordinator_a, role=AccessRole.COORDINATOR, partnership=partnership
    )
    version = next(v for v in ensure_builtin_instruments() if v.key == "network")
    opens = timezone.make_aware(dt.datetime(2025, 3, 1))
    survey = Round.objects.create(
        partnership=partnership,
        instrument=version,
        period="spring 2025",
        opens=opens,
        closes=opens + dt.timedelta(days=30),
        status="closed",
    )
    answers = {
        i: Response.objects.create(
            round=survey, organisation=org, group="officers", source="web", submitted=opens
        )
        for i, org in enumerate(orgs)
    }
    rows = []
    for i in range(len(orgs)):
        for j in range(len(orgs)):
            if i == j:
                continue
            pair = DEPTH.get((min(i, j), max(i, j)), (1, 1))
            depth = pair[0] if i < j else pair[1]
            rows.append((i, j, "net_depth", depth))
            if (i, j) not in TRUST_SKIPS:
                rows += [
                    (i, j, item, 1 + (i * 3 + j + n) % 5) for n, item in enumerate(TRUST_ITEMS)
                ]
            if (i, j) not in VALUE_SKIPS:
                rows += [
                    (i, j, item, 1 + (i + j * 2 + n) % 5) for n, item in enumerate(VALUE_ITEMS)
                ]
    RelationAnswer.objects.bulk_create(
        RelationAnswer(response=answers[i], target=orgs[j], item=item, value=value)
        for i, j, item, value in rows
    )
    return partnership, orgs, answers


def _flip(town, pair: tuple[int, int]) -> None:
    """The same tie named by the other side: swap the two sides' net_depth ratings."""
    from joinedup.surveys.models import RelationAnswer

    _, orgs, answers = town
    i, j = pair
    there = RelationAnswer.objects.get(response=answers[i], target=orgs[j], item="net_depth")
    back = RelationAnswer.objects.get(response=answers[j], target=orgs[i], item="net_depth")
    there.value, back.value = back.value, there.value
    RelationAnswer.objects.bulk_update([there, back], ["value"])


def _zip_text(body: bytes) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return {name: archive.read(name).decode() for name in sorted(archive.namelist())}


def _everything(client, pk: int, evaluator: bool) -> dict[str, object]:
    """Every page, answer and file about the partnership's network the user may read."""
    read: dict[str, object] = {}
    for name, url in {
        "page": f"/partnerships/{pk}/section/networks/",
        "diagnoses_page": f"/partnerships/{pk}/section/diagnoses/",
        "report": f"/reports/partnership/{pk}/",
        "api": f"/api/networks/partnerships/{pk}/",
        "diagnoses": f"/api/diagnoses/partnerships/{pk}/",
        **{
            kind: f"/networks/{pk}/download/{kind}/"
            for kind in ("graphml", "gexf", "nodes", "edges")
        },
    }.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        text = response.content.decode()
        read[name] = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    if evaluator:
        for fmt in ("graphml", "gexf"):
            for treatment in ("observed", "fill", "mutual"):
                url = f"/reports/benchmark/networks/{fmt}/?set={pk}&treatment={treatment}"
                read[f"benchmark-{fmt}-{treatment}"] = _zip_text(client.get(url).content)
    return read


@pytest.mark.parametrize("persona", PERSONAS)
def test_reversing_any_one_way_tie_changes_nothing_a_non_administrator_reads(
    personas, town, persona
):
    partnership = town[0]
    client = personas.client(persona)
    evaluator = persona == "evaluator"
    before = _everything(client, partnership.pk, evaluator)
    assert len(_one_way()) >= 10
    for pair in _one_way():
        _flip(town, pair)
        after = _everything(client, partnership.pk, evaluator)
        changed = sorted(name for name in before if before[name] != after[name])
        assert changed == [], (pair, changed)
        _flip(town, pair)


def _network_section(html: str) -> str:
    found = re.search(r'<section class="network".*?</section>', html, re.S)
    assert found is not None
    return found.group(0)


def _undirected_pairs() -> int:
    return sum(1 for a, b in DEPTH.values() if max(a, b) >= 2)


@pytest.mark.parametrize("persona", PERSONAS)
def test_picture_api_and_downloads_carry_no_direction(personas, town, persona):
    pk = town[0].pk
    client = personas.client(persona)
    section = _network_section(client.get(f"/partnerships/{pk}/section/networks/").content.decode())
    svg = re.search(r"<svg.*?</svg>", section, re.S).group(0)
    assert "marker" not in svg
    assert "arrow" not in svg
    edges = re.search(r'<g class="jn-edges">(.*?)</g>', svg, re.S).group(1)
    assert edges.count("<line") == _undirected_pairs()
    assert "Did not answer" not in section
    api = client.get(f"/api/networks/partnerships/{pk}/").json()
    assert api["graph"]["edges"] == _undirected_pairs()
    assert api["answered"] == len(SECTORS)
    assert all(row["responded"] is None for row in api["sectors"])
    nodes = list(csv.DictReader(io.StringIO(client.get(f"/networks/{pk}/download/nodes/").text)))
    assert set(nodes[0]) == {
        "id", "name", "sector", "degree", "betweenness", "closeness", "coreness", "trust", "value",
    }  # fmt: skip
    graphml = client.get(f"/networks/{pk}/download/graphml/").content.decode()
    assert 'edgedefault="undirected"' in graphml
    assert "in_degree" not in graphml
    assert "out_degree" not in graphml
    gexf = ET.fromstring(client.get(f"/networks/{pk}/download/gexf/").content)  # noqa: S314
    graph = gexf.find("{http://gexf.net/1.3}graph")
    assert graph.get("defaultedgetype") == "undirected"
    titles = {a.get("title") for a in graph.iter("{http://gexf.net/1.3}attribute")}
    assert not titles & {"in_degree", "out_degree"}
    edges_csv = client.get(f"/networks/{pk}/download/edges/").text.strip().splitlines()
    assert len(edges_csv) - 1 == _undirected_pairs()


def test_administrators_keep_the_directed_view(personas, town):
    pk = town[0].pk
    admin = personas.client("admin")
    section = _network_section(admin.get(f"/partnerships/{pk}/section/networks/").content.decode())
    assert 'marker-end="url(#jn-arrow)"' in section
    named = sum((a >= 2) + (b >= 2) for a, b in DEPTH.values())
    assert admin.get(f"/api/networks/partnerships/{pk}/").json()["graph"]["edges"] == named
    header = admin.get(f"/networks/{pk}/download/nodes/").text.splitlines()[0]
    assert "in_degree" in header
    assert "out_degree" in header
    pairs = admin.get(f"/networks/{pk}/confidential-pairs/")
    assert pairs.status_code == 200
    assert pairs.content.decode().startswith("# CONFIDENTIAL")


def _rater_pairs(town, items) -> dict[str, frozenset[tuple[str, str]]]:
    """The (rater, rated) pairs behind each organisation's received mean on ``items``."""
    from joinedup.surveys.models import RelationAnswer

    rows = RelationAnswer.objects.filter(
        response__round__partnership=town[0], item__in=items, value__isnull=False
    ).values_list("response__pseudonym", "target_id")
    cells: dict[str, set[tuple[str, str]]] = {}
    for rater, rated in rows:
        cells.setdefault(str(rated), set()).add((rater, str(rated)))
    return {org: frozenset(pairs) for org, pairs in cells.items()}


@pytest.mark.parametrize("persona", PERSONAS)
def test_received_scores_need_k_raters_and_nothing_follows_by_subtraction(personas, town, persona):
    pk, orgs = town[0].pk, town[1]
    client = personas.client(persona)
    nodes = list(csv.DictReader(io.StringIO(client.get(f"/networks/{pk}/download/nodes/").text)))
    html = _network_section(client.get(f"/partnerships/{pk}/section/networks/").content.decode())
    assert "Trust</th><td>" in html.replace("\n", "")  # the whole-network trust is shown
    for column, items, few in (("trust", TRUST_ITEMS, 1), ("value", VALUE_ITEMS, 2)):
        shown = {row["id"] for row in nodes if row[column] != ""}
        assert str(orgs[few].pk) not in shown  # fewer than K raters
        cells = _rater_pairs(town, items)
        published = [cells[org] for org in sorted(shown)]
        published.append(frozenset().union(*cells.values()))  # the whole-network mean
        assert disclosures(published, K, owner=lambda pair: pair[0]) == []
        assert len(shown) >= len(orgs) - 2  # protection hides one more, not everything
    # A withheld score never says how many raters it had.
    assert not re.search(r"fewer than 5 raters \(\d+\)", html)
