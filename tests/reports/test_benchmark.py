"""The evaluator's benchmark: distribution, percentile, change over time,
downloads (tables and networks), suppression.

The national path reads the database through its own connection (connectorx), so
these tests commit their data (``transaction=True``) instead of rolling back.
"""

from __future__ import annotations

import io
import math
import re
import zipfile

import networkx as nx
import numpy as np
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from scipy import stats as sps

from joinedup.analysis.stats import welch_change
from joinedup.registry.models import Membership
from joinedup.reports.benchmark import SCHEMAS, percentile_rank
from joinedup.reports.benchmark_change import (
    NO_EARLIER,
    change_row,
    change_rows,
    change_table,
    score_rounds,
)
from joinedup.reports.scores import round_scores
from joinedup.surveys.models import InstrumentVersion, Round
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B


@pytest.mark.parametrize(
    ("values", "x", "expected"),
    [
        ([2.8, 3.1, 3.6], 3.6, 100 * 2.5 / 3),  # the top of three
        ([2.8, 3.1, 3.6], 2.8, 100 * 0.5 / 3),  # the bottom of three
        ([3.0, 3.0, 4.0, 2.0], 3.0, 50.0),  # tied in the middle
        ([3.3], 3.3, 50.0),  # alone
    ],
)
def test_percentile_rank(values, x, expected) -> None:
    assert percentile_rank(values, x) == pytest.approx(expected)


def _health_check() -> InstrumentVersion:
    return InstrumentVersion.objects.filter(key="health-check", rounds__isnull=False).first()


@pytest.mark.django_db(transaction=True)
def test_evaluator_sees_every_partnership_on_each_dimension(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    page = personas.client("evaluator").get(f"/reports/benchmark/?partnership={a.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    for name in demo:
        assert name in text
    assert 'class="chosen"' in text
    assert "<svg" in text


@pytest.mark.django_db(transaction=True)
def test_members_and_coordinators_may_not_benchmark(personas, demo) -> None:
    version = _health_check()
    for persona in ("member_a", "coordinator_a", "outsider"):
        client = personas.client(persona)
        assert client.get("/reports/benchmark/").status_code == 403
        assert client.get(f"/reports/benchmark/{version.pk}/csv/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_downloads_are_tidy_and_named(personas, demo) -> None:
    version = _health_check()
    client = personas.client("evaluator")
    csv = client.get(f"/reports/benchmark/{version.pk}/csv/")
    table = pa_csv.read_csv(io.BytesIO(csv.content))
    assert set(table.column("partnership_name").to_pylist()) == set(demo)
    assert {"dimension", "n", "mean", "ci_low", "ci_high", "suppressed"} <= set(table.column_names)
    parquet = client.get(f"/reports/benchmark/{version.pk}/parquet/")
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == table.num_rows
    assert client.get(f"/reports/benchmark/{version.pk}/xlsx/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_small_groups_are_suppressed_in_page_and_download(personas, demo, settings) -> None:
    settings.MIN_RESPONDENTS = 500
    version = _health_check()
    client = personas.client("evaluator")
    table = pa_csv.read_csv(io.BytesIO(client.get(f"/reports/benchmark/{version.pk}/csv/").content))
    assert all(m is None for m in table.column("mean").to_pylist())
    assert all(table.column("suppressed").to_pylist())
    page = client.get("/reports/benchmark/").content.decode()
    assert 'class="suppressed"' in page


# --- change over time -------------------------------------------------------------

BEFORE = [1.0, 2.0, 3.0, 4.0, 5.0]  # mean 3, variance 2.5
AFTER = [3.0, 4.0, 4.0, 5.0, 5.0, 3.0]  # mean 4, variance 0.8


def _summary(values: list[float], partnership: int = 1, dimension: str = "trust") -> dict:
    return {
        "partnership": partnership,
        "dimension": dimension,
        "round": 10 + len(values),
        "n": len(values),
        "mean": float(np.mean(values)),
        "sd": float(np.std(values, ddof=1)),
    }


def test_change_matches_a_hand_computation() -> None:
    row = change_row(_summary(AFTER), _summary(BEFORE), k=5)
    # By hand: s1²/n1 = 2.5/5 = 0.5, s2²/n2 = 0.8/6 = 0.1333…, se = √0.6333…,
    # ν = 0.6333…² / (0.5²/4 + 0.1333…²/5) = 6.0723…, d = 4 − 3 = 1.
    se = math.sqrt(0.5 + 0.8 / 6)
    df = (0.5 + 0.8 / 6) ** 2 / (0.5**2 / 4 + (0.8 / 6) ** 2 / 5)
    assert df == pytest.approx(6.0723, abs=1e-4)
    half = sps.t.ppf(0.975, df) * se
    assert row["change"] == pytest.approx(1.0)
    assert row["df"] == pytest.approx(df)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((1.0 - half, 1.0 + half))
    assert half == pytest.approx(1.9417, abs=1e-4)  # t(0.975; 6.07) = 2.44 times se
    assert row["excludes_zero"] is False  # the interval, about −0.94 to 2.94, holds 0
    assert not row["suppressed"]
    # The same as the report's Welch change computed from the respondents themselves.
    direct = welch_change(BEFORE, AFTER)
    assert row["change"] == pytest.approx(direct.difference)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(direct.ci)
    assert row["p"] == pytest.approx(direct.p)


def test_an_interval_above_zero_is_marked() -> None:
    before = _summary([2.0, 2.1, 1.9, 2.0, 2.0])
    after = _summary([4.0, 4.1, 3.9, 4.0, 4.2, 3.8])
    row = change_row(after, before, k=5)
    assert row["ci_low"] > 0
    assert row["excludes_zero"] is True


def test_changes_resting_on_fewer_than_k_are_withheld_with_the_reason() -> None:
    shown, small = _summary(AFTER), {**_summary(BEFORE), "n": None, "mean": None, "sd": None}
    assert change_row(small, _summary(BEFORE), k=5)["suppressed"] == (
        "fewer than 5 respondents in the latest round"
    )
    withheld = change_row(shown, small, k=5)
    assert withheld["suppressed"] == "fewer than 5 respondents in the previous round"
    assert withheld["change"] is None
    assert withheld["ci_low"] is None
    assert withheld["previous_mean"] is None
    assert change_row(shown, None, k=5)["suppressed"] == NO_EARLIER
    # A partnership whose previous round lacks the dimension: the previous round is short.
    other = _summary(AFTER, dimension="vision")
    rows = change_rows([shown, other], [_summary(BEFORE)], k=5)
    assert rows[0]["suppressed"] is None
    assert rows[1]["suppressed"] == "fewer than 5 respondents in the previous round"
    assert change_rows([_summary(AFTER, partnership=2)], [_summary(BEFORE)], k=5)[0][
        "suppressed"
    ] == (NO_EARLIER)


@pytest.mark.django_db(transaction=True)
def test_benchmark_change_agrees_with_the_partnership_report(demo) -> None:
    """The national path's change equals the report's (score_round with the
    previous round's answers) on every dimension of the demo's partnership A."""
    a = demo[PARTNERSHIP_A]
    version = _health_check()
    rounds = list(Round.objects.filter(partnership=a, instrument=version).order_by("opens"))
    report = round_scores(rounds[-1], rounds[-2])
    by_dimension = {
        c["dimension"]: c for c in change_table(score_rounds(version)) if c["partnership"] == a.pk
    }
    assert len(report.dimensions) == len(by_dimension) > 0
    for d in report.dimensions:
        mine = by_dimension[d.dimension]
        assert d.change is not None
        assert mine["change"] == pytest.approx(d.change.difference)
        assert (mine["ci_low"], mine["ci_high"]) == pytest.approx(d.change.ci)
        assert mine["latest_round"] == rounds[-1].pk
        assert mine["previous_round"] == rounds[-2].pk


@pytest.mark.django_db(transaction=True)
def test_page_and_downloads_show_change_by_round(personas, demo) -> None:
    version = _health_check()
    client = personas.client("evaluator")
    page = client.get("/reports/benchmark/").content.decode()
    assert "Change since the previous round" in page
    assert "95% interval of change" in page
    scores = pa_csv.read_csv(
        io.BytesIO(client.get(f"/reports/benchmark/{version.pk}/csv/").content)
    ).to_pylist()
    assert {r["position"] for r in scores} == {"latest", "previous"}
    # the board's latest pair is spring and autumn 2026 (the actions step's next round)
    assert {r["round_period"] for r in scores} == {"spring 2025", "spring 2026", "autumn 2026"}
    per_round = {(r["partnership"], r["round"]) for r in scores}
    assert len(per_round) == 2 * len(demo)  # two rounds of each partnership
    url = f"/reports/benchmark/{version.pk}/changes/"
    changes = pa_csv.read_csv(io.BytesIO(client.get(url + "csv/").content))
    assert changes.column_names == SCHEMAS["changes"].names
    assert changes.num_rows == len(scores) // 2
    parquet = pq.read_table(io.BytesIO(client.get(url + "parquet/").content))
    assert parquet.schema == SCHEMAS["changes"]
    assert parquet.num_rows == changes.num_rows


@pytest.mark.django_db(transaction=True)
def test_changes_are_withheld_below_k_in_page_and_download(personas, demo, settings) -> None:
    settings.MIN_RESPONDENTS = 30  # the demo's partnerships have 34, 28 and 26 respondents
    a = demo[PARTNERSHIP_A]
    version = _health_check()
    client = personas.client("evaluator")
    url = f"/reports/benchmark/{version.pk}/changes/csv/"
    rows = pa_csv.read_csv(io.BytesIO(client.get(url).content)).to_pylist()
    for row in rows:
        if row["partnership"] == a.pk:  # 34 respondents in both rounds
            assert not row["suppressed"]
            assert row["change"] is not None
        else:
            assert row["suppressed"] == "fewer than 30 respondents in the latest round"
            assert row["change"] is None
            assert row["latest_mean"] is None
    page = client.get("/reports/benchmark/").content.decode()
    assert "fewer than 30 respondents in the latest round" in page


# --- network downloads -------------------------------------------------------------

# What a shareable node may carry; nothing that says who rated whom.
NODE_KEYS = {
    "id", "name", "label", "sector", "partnership", "partnership_name", "round", "degree",
    "in_degree", "out_degree", "betweenness", "closeness", "coreness", "trust", "value",
}  # fmt: skip
RATING_WORDS = ("net_", "rates", "rating", "pair")


def _zip(client, url: str) -> dict[str, bytes]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.django_db(transaction=True)
def test_network_files_parse_and_hold_no_pairwise_ratings(personas, demo, fmt) -> None:
    client = personas.client("evaluator")
    files = _zip(client, f"/reports/benchmark/networks/{fmt}/?treatment=mutual")
    graphs = {n: v for n, v in files.items() if n.endswith(fmt)}
    assert len(graphs) == len(demo)
    assert "'mutual'" in files["README.txt"].decode()
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    for name, body in graphs.items():
        # GEXF's <description> names the relation the ties come from ("net_depth").
        text = re.sub(r"<description>.*?</description>", "", body.decode())
        assert not any(word in text for word in RATING_WORDS), name
        graph = read(io.BytesIO(body))
        assert graph.number_of_nodes() > 5
        assert graph.number_of_edges() > 0
        for _node, data in graph.nodes(data=True):
            assert set(data) <= NODE_KEYS
            assert data["partnership_name"] in demo
        for _s, _t, data in graph.edges(data=True):
            assert set(data) <= {"id", "weight"}
            assert data["weight"] == 1.0


@pytest.mark.django_db(transaction=True)
def test_network_trust_rests_on_k_raters(personas, demo, settings) -> None:
    settings.MIN_RESPONDENTS = 50  # more raters than any organisation has
    files = _zip(personas.client("evaluator"), "/reports/benchmark/networks/graphml/")
    for name, body in files.items():
        if name.endswith(".graphml"):
            for _node, data in nx.read_graphml(io.BytesIO(body)).nodes(data=True):
                # Withheld figures are left out of the node (GraphML's missing data).
                assert math.isnan(data.get("trust", math.nan))
                assert math.isnan(data.get("value", math.nan))
                assert "degree" in data


@pytest.mark.django_db(transaction=True)
def test_mutual_ties_are_a_subset_of_observed_ties(personas, demo) -> None:
    client = personas.client("evaluator")
    a = demo[PARTNERSHIP_A]

    def edges(treatment: str) -> set[frozenset]:
        files = _zip(
            client, f"/reports/benchmark/networks/graphml/?set={a.pk}&treatment={treatment}"
        )
        (body,) = (v for n, v in files.items() if n.endswith(".graphml"))
        graph = nx.read_graphml(io.BytesIO(body))
        ids = nx.get_node_attributes(graph, "id")
        return {frozenset((ids[s], ids[t])) for s, t in graph.edges()}

    mutual, observed = edges("mutual"), edges("observed")
    assert mutual < observed


@pytest.mark.django_db(transaction=True)
def test_interlock_network_is_organisations_by_partnerships(personas, demo) -> None:
    chosen = [demo[PARTNERSHIP_A], demo[PARTNERSHIP_B]]
    query = "&".join(f"set={p.pk}" for p in chosen)
    response = personas.client("evaluator").get(f"/reports/benchmark/interlocks/?{query}")
    graph = nx.read_graphml(io.BytesIO(response.content))
    kinds = nx.get_node_attributes(graph, "kind")
    parts = {n for n, k in kinds.items() if k == "partnership"}
    assert {graph.nodes[n]["name"] for n in parts} == {p.name for p in chosen}
    assert nx.is_bipartite(graph)
    current = Membership.objects.filter(partnership__in=chosen, left__isnull=True)
    assert graph.number_of_edges() == current.values("organisation", "partnership").count()
    for n in parts:
        assert graph.degree(n) == graph.nodes[n]["memberships"]


@pytest.mark.django_db(transaction=True)
def test_only_evaluators_get_the_new_downloads(personas, demo) -> None:
    version = _health_check()
    urls = [
        f"/reports/benchmark/{version.pk}/changes/csv/",
        "/reports/benchmark/networks/graphml/",
        "/reports/benchmark/interlocks/",
    ]
    for persona in ("member_a", "coordinator_a", "outsider"):
        for url in urls:
            assert personas.client(persona).get(url).status_code == 403, (persona, url)
    client = personas.client("evaluator")
    assert client.get("/reports/benchmark/networks/xml/").status_code == 404
    assert client.get("/reports/benchmark/networks/gexf/?treatment=guess").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_csv_names_cannot_run_as_formulas(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    a.name = '=HYPERLINK("http://example.org","x")'
    a.save()
    version = _health_check()
    client = personas.client("evaluator")
    for url in (
        f"/reports/benchmark/{version.pk}/csv/",
        f"/reports/benchmark/{version.pk}/changes/csv/",
    ):
        rows = pa_csv.read_csv(io.BytesIO(client.get(url).content)).to_pylist()
        names = {r["partnership_name"] for r in rows if r["partnership"] == a.pk}
        assert names == {"'" + a.name}
        assert all(
            isinstance(r["mean" if "mean" in r else "latest_mean"], float | None) for r in rows
        )
    parquet = client.get(f"/reports/benchmark/{version.pk}/parquet/").content
    assert a.name in pq.read_table(io.BytesIO(parquet)).column("partnership_name").to_pylist()


# --- versions that score the same questions ---------------------------------------


def _twin(version: InstrumentVersion, number: int, **change) -> InstrumentVersion:
    """Another version of ``version``'s questionnaire: the same definition under a new
    number and title (as version 1 was before the Welsh texts), changed by ``change``."""
    import copy

    definition = copy.deepcopy(version.definition)
    definition["version"] = number
    definition["title"] = "Partnership health check (before it spoke Welsh)"
    if change.get("flip"):
        item = definition["dimensions"][0]["items"][0]
        item["reverse"] = not item.get("reverse", False)
    return InstrumentVersion.objects.create(
        key=version.key,
        version=number,
        title=definition["title"],
        kind=version.kind,
        definition=definition,
        source=version.source,
    )


@pytest.mark.django_db(transaction=True)
def test_rounds_of_versions_scoring_the_same_questions_are_read_together(personas, demo) -> None:
    """An installation ran the health check before it spoke Welsh (version 1) and
    after (version 2, the same questions): partnership A's latest round, on version 2,
    is compared with its previous round, on version 1, and the benchmark is listed
    once; a version whose scoring differs is not read with them."""
    from joinedup.reports.national_extract import same_scoring

    a = demo[PARTNERSHIP_A]
    current = _health_check()
    client = personas.client("evaluator")
    url = f"/reports/benchmark/{current.pk}/changes/csv/"
    before = {
        r["dimension"]: r
        for r in pa_csv.read_csv(io.BytesIO(client.get(url).content)).to_pylist()
        if r["partnership"] == a.pk
    }
    assert before
    assert all(r["previous_round"] is not None for r in before.values())
    first = Round.objects.filter(partnership=a, instrument=current).order_by("opens").first()
    assert first is not None
    old = _twin(current, 1)
    Round.objects.filter(pk=first.pk).update(instrument=old)  # asked version 1 after all
    flipped = _twin(current, 9, flip=True)
    assert same_scoring(current) == [current.pk, old.pk]
    assert flipped.pk not in same_scoring(current)

    after = pa_csv.read_csv(io.BytesIO(client.get(url).content)).to_pylist()
    mine = {r["dimension"]: r for r in after if r["partnership"] == a.pk}
    for dimension, row in before.items():
        assert mine[dimension]["previous_round"] == first.pk
        assert mine[dimension]["change"] == row["change"]
        assert mine[dimension]["instrument"] == f"{current.key} v{current.version}"
    scores = pa_csv.read_csv(
        io.BytesIO(client.get(f"/reports/benchmark/{current.pk}/csv/").content)
    ).to_pylist()
    asked = {r["round"]: r["instrument"] for r in scores if r["partnership"] == a.pk}
    assert asked[first.pk] == f"{current.key} v1"
    # The older version's links answer with the same tables; the page lists one.
    old_url = f"/reports/benchmark/{old.pk}/changes/csv/"
    assert client.get(old_url).content == client.get(url).content
    page = client.get("/reports/benchmark/").content.decode()
    assert page.count(f'value="{old.pk}"') == 0
    assert f"Rounds of versions 1, {current.version} are read together" in page
