"""Issue 16, reproduction 1: two small groups beside two large ones.

6 officers, 6 board members, 1 business and 1 voluntary respondent answer a
health-check style round. Before the fix, ``14 × overall − 6 × officers − 6 ×
board`` gave the two small groups' combined answers, and the business
respondent then knew the voluntary respondent's. Here every reader — a member
and an evaluator on the partnership page and the evaluator's benchmark
download, and anyone with ``joinedup analyse scores --group-column`` — gets
figures from which, read back against the real responses, no set of fewer than
k respondents follows (:func:`joinedup.analysis.disclosure.disclosures`).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

import pytest
import yaml

from joinedup.analysis.disclosure import disclosures
from joinedup.analysis.instruments import parse_instrument
from joinedup.cli import main
from tests.conftest import PARTNERSHIP_A
from tests.scoring.small_groups import (
    HIDDEN_PAIR,
    REPRO_GROUPS,
    closed_round,
    published_sets,
    repro_answers,
)
from tests.scoring.test_web_scores import CHECK

K = 5
PERIOD = "issue 16 round"
# group → answers to t1, t2 (trust) and p1 (purpose); the groups differ so that
# every group mean and every gap between two groups is a different number
VALUES = {
    "officers": {"t1": 4, "t2": 4, "p1": 4},
    "board": {"t1": 2, "t2": 3, "p1": 2},
    "business": {"t1": 1, "t2": 1, "p1": 5},
    "voluntary": {"t1": 3, "t2": 2, "p1": 1},
}
DIMENSIONS = {"Trust between partners": ("t1", "t2"), "Shared purpose": ("p1",)}


@pytest.fixture
def repro_round(personas):
    from joinedup.registry.models import Partnership
    from joinedup.surveys.library import store_instrument

    version = store_instrument(parse_instrument(CHECK), "yaml")
    partnership = Partnership.objects.get(name=PARTNERSHIP_A)
    round_, members = closed_round(partnership, version, PERIOD, repro_answers(VALUES))
    return partnership, version, round_, members


def _group_means(round_, members) -> dict[str, dict[str, float]]:
    """Each group's real mean per dimension, from the stored answers."""
    from joinedup.surveys.models import Answer

    values: dict[tuple[str, str], float] = {
        (a.response.pseudonym, a.item): a.value
        for a in Answer.objects.filter(response__round=round_).select_related("response")
    }
    means: dict[str, dict[str, float]] = {}
    for label, items in DIMENSIONS.items():
        for group, people in members.items():
            scores = [sum(values[(p, i)] for i in items) / len(items) for p in people]
            means.setdefault(label, {})[group] = sum(scores) / len(scores)
    return means


def _grid(html: str) -> dict[str, list[str]]:
    """The groups shown with a figure on the page's group grid, per dimension."""
    article = html[html.index(f"Trust check — {PERIOD}") :]
    start = article.index('class="score-grid"')
    table = article[start : article.index("</table>", start)]
    labels = re.findall(r'<th scope="col">([^<]+?)(?: <span|</th>)', table)[1:]
    shown: dict[str, list[str]] = {label: [] for label in labels}
    for group, cells in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table):
        for label, cell in zip(labels, re.findall(r"<td([^>]*)>", cells), strict=True):
            if "suppressed" not in cell:
                shown[label].append(group)
    return shown


def _implied(members, shown: list[str], gap: float | None, means: dict[str, float]):
    """The sets a reader's sums cover: the page's, plus a group whose mean follows
    from a published gap to a group whose mean the page shows (the pair is found
    by reading the gap back against the real group means)."""
    known = set(shown)
    if gap is not None:
        for a, b in itertools.permutations(means, 2):
            if abs(abs(means[a] - means[b]) - gap) < 1e-9 and a in known:
                known.add(b)
    return published_sets(members, sorted(known))


def _benchmark_gaps(client, version, partnership) -> dict[str, float | None]:
    body = client.get(f"/reports/benchmark/{version.pk}/csv/").content.decode()
    gaps: dict[str, float | None] = {}
    for row in csv.DictReader(io.StringIO(body)):
        if int(row["partnership"]) == partnership.pk and row["position"] == "latest":
            gaps[row["dimension"]] = float(row["largest_gap"]) if row["largest_gap"] else None
    return gaps


def _check_reader(personas, repro_round, reader: str, benchmark: bool) -> None:
    partnership, version, round_, members = repro_round
    client = personas.client(reader)
    html = client.get(f"/partnerships/{partnership.pk}/section/scores/").content.decode()
    shown = _grid(html)
    assert set(shown) == set(DIMENSIONS)
    gaps = _benchmark_gaps(client, version, partnership) if benchmark else {}
    if benchmark:
        assert set(gaps) == {"trust", "purpose"}  # the download has the partnership's rows
    names = {"Trust between partners": "trust", "Shared purpose": "purpose"}
    real = _group_means(round_, members)
    for label, groups in shown.items():
        assert not set(HIDDEN_PAIR) & set(groups)
        sets = _implied(members, groups, gaps.get(names[label]), real[label])
        assert disclosures(sets, K) == [], (reader, label, groups)


def test_member_reads_the_scores_page(personas, repro_round):
    _check_reader(personas, repro_round, "member_a", benchmark=False)


@pytest.mark.django_db(transaction=True)
def test_evaluator_reads_the_scores_page_and_the_benchmark_download(personas, repro_round):
    """The benchmark reads the database in bulk on another connection, so this test
    commits its data. Before the fix the download's largest gap between shown
    groups (officers − board) and the page's officers mean gave board's mean, and
    with the overall the pair's answers."""
    _check_reader(personas, repro_round, "evaluator", benchmark=True)


def test_the_cli_applies_the_same_rule(tmp_path, capsys):
    form = tmp_path / "check.yaml"
    form.write_text(yaml.safe_dump(CHECK), encoding="utf-8")
    answers = tmp_path / "answers.csv"
    members: dict[str, list[str]] = {}
    with answers.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["group", "t1", "t2", "p1"])
        for number, (group, values) in enumerate(repro_answers(VALUES), start=2):
            writer.writerow([group, *(int(values[i]) for i in ("t1", "t2", "p1"))])
            members.setdefault(group, []).append(f"row-{number}")
    base = ["analyse", "scores", "--form", str(form), "--responses", str(answers)]
    assert main([*base, "--group-column", "group", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["respondents"] == sum(size for _, size in REPRO_GROUPS)
    for row in data["dimensions"] + data["items"]:
        assert isinstance(row["mean"], float)  # the overall figures are still shown
        means, sizes = row["divergence"]["means"], row["divergence"]["sizes"]
        for group in HIDDEN_PAIR:
            assert means[group] == {"suppressed": True, "reason": "fewer than 5 answers"}
            assert sizes[group] == means[group]  # no size of a hidden group
        shown = [g for g, m in means.items() if isinstance(m, float)]
        assert disclosures(published_sets(members, shown), K) == []
    for cells in data["grid"]["cells"].values():
        assert all(isinstance(c, float) or c.get("suppressed") is True for c in cells.values())
    assert main([*base, "--group-column", "group"]) == 0
    table = capsys.readouterr().out
    assert "hidden to protect a smaller" in table
