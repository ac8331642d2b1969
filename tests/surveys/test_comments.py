"""Answers in words: comments and multiple-choice counts, under the k rule, as each
persona reads them on the partnership page, in the report, the downloads and the API,
and a coordinator's hiding of a comment.

Rounds here are closed rounds of the demo's partnership A, later than the demo's own,
answered with the built-in health check's text item (``hc_comment``) and its
multiple-choice item (``hc_res_shared``)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from joinedup.analysis.qualitative import comment_set, option_counts, order_key
from joinedup.audit.models import AuditEvent
from joinedup.registry.models import Organisation
from joinedup.surveys import comments
from joinedup.surveys.library import ensure_builtin_instruments, store_instrument
from joinedup.surveys.models import Answer, HiddenComment, Response, Round
from joinedup.surveys.rounds import create_round
from tests.conftest import PARTNERSHIP_A

TEXT, CHOICE = "hc_comment", "hc_res_shared"
GROUPS = ["board member", "officer", "business", "voluntary sector"]
SAYINGS = [
    "Meet in the estates more often.",
    "Send papers a week before.",
    "Agree fewer priorities.",
    "Share the data we hold.",
    "Pay for young people's travel.",
    "Write minutes with names of who acts.",
    "Pool a small budget.",
    "Visit each other's services.",
    "Train front-line staff together.",
]


def _health_check():
    return {iv.key: iv for iv in ensure_builtin_instruments()}["health-check"]


def closed_round(partnership, period="autumn 2026", members_see=False, instrument=None) -> Round:
    now = timezone.now()
    round_ = create_round(
        partnership,
        instrument or _health_check(),
        period,
        now - dt.timedelta(days=30),
        now - dt.timedelta(days=1),
        groups=GROUPS,
        status="closed",
    )
    if members_see:
        Round.objects.filter(pk=round_.pk).update(members_see_comments=True)
        round_.refresh_from_db()
    return round_


def _organisations(partnership):
    ids = partnership.members_on(timezone.localdate()).values_list("organisation_id", flat=True)
    return list(Organisation.objects.filter(pk__in=list(ids)).order_by("pk"))


def respond(round_, n, texts=None, ticks=None, start=0, submitted=True) -> list[Response]:
    """``n`` submitted responses from different member organisations; ``texts[i]`` and
    ``ticks[i]`` (space-separated values) are the i-th respondent's answers."""
    orgs = _organisations(round_.partnership)
    made = []
    for i in range(start, start + n):
        response = Response.objects.create(
            round=round_,
            organisation=orgs[i % len(orgs)],
            group=GROUPS[i % len(GROUPS)],
            source="web",
            submitted=timezone.now() if submitted else None,
        )
        if texts is not None and texts[i - start]:
            Answer.objects.create(response=response, item=TEXT, text=texts[i - start])
        if ticks is not None and ticks[i - start]:
            Answer.objects.create(response=response, item=CHOICE, text=ticks[i - start])
        made.append(response)
    return made


def section_html(client, partnership) -> str:
    page = client.get(f"/partnerships/{partnership.pk}/section/words/").content.decode()
    found = re.search(r'<section class="words".*?</section>', page, re.DOTALL)
    return html.unescape(found.group(0)) if found else ""


def api_words(client, round_) -> dict:
    response = client.get(f"/api/surveys/rounds/{round_.pk}/words")
    assert response.status_code == 200, response.content
    return response.json()


def download(client, round_, what) -> list[list[str]]:
    response = client.get(f"/surveys/rounds/{round_.pk}/words/{what}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def _question(data, item):
    return next(q for q in data["questions"] if q["item"] == item)


# The pure rules ---------------------------------------------------------------------------


def test_comments_need_k_answers_and_hidden_ones_still_count() -> None:
    four = [(i, f"comment {i}", False) for i in range(4)]
    assert comment_set(four, 5, b"key") == comment_set(four, 5, b"key")
    assert not comment_set(four, 5, b"key").shown
    assert comment_set(four, 5, b"key").comments == ()
    five = [*four, (9, "comment 9", True)]
    shown = comment_set(five, 5, b"key")
    assert shown.shown
    assert shown.answered == 5
    assert shown.hidden == 1
    assert "comment 9" not in shown.comments
    assert len(shown.comments) == 4
    blank = [*four, (10, "   ", False)]
    assert not comment_set(blank, 5, b"key").shown, "a blank answer is no answer"


def test_order_is_stable_keyed_and_not_the_order_of_answering() -> None:
    rows = [(pk, f"comment {pk}", False) for pk in range(1, 11)]
    first = comment_set(rows, 5, b"secret one").comments
    assert first == comment_set(list(reversed(rows)), 5, b"secret one").comments
    assert list(first) != [text for _pk, text, _h in rows]
    assert first != comment_set(rows, 5, b"secret two").comments
    assert order_key(b"k", 3) != order_key(b"k", 4)


def test_option_counts_band_both_small_sides() -> None:
    options = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]
    four = [["a"], ["a"], ["b"], ["a", "b"]]
    assert not option_counts(options, four, 5).shown
    # 12 respondents: a by all, b by 6, c by 2, d by 10 (2 left it unticked).
    ticks = [["a", "d"]] * 10 + [["a"]] * 2
    ticks = [list(t) for t in ticks]
    for i in range(6):
        ticks[i].append("b")
    ticks[0].append("c")
    ticks[11].append("c")
    counts = {o.value: o for o in option_counts(options, ticks, 5).options}
    assert (counts["a"].count, counts["a"].share) == (12, 1.0)
    assert counts["b"].count == 6
    assert (counts["c"].count, counts["c"].band) == (None, "fewer")
    assert (counts["d"].count, counts["d"].share, counts["d"].band) == (None, None, "most")


def test_every_shown_count_leaves_k_people_on_each_side_or_none() -> None:
    """Exhaustively, for every N up to 14 and every count: an exact count never
    splits the respondents into a side of 1 to k - 1 people."""
    k = 5
    for n in range(k, 15):
        for c in range(n + 1):
            ticks = [["x"]] * c + [["y"]] * (n - c)
            (x, _y) = option_counts([("x", "X"), ("y", "Y")], ticks, k).options
            if x.count is not None:
                assert min(c, n - c) == 0 or min(c, n - c) >= k
            else:
                assert 0 < min(c, n - c) < k


# The pages, downloads and API ------------------------------------------------------------


def test_four_answers_show_nothing_five_show_everything(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp)
    respond(round_, 4, texts=SAYINGS[:4], ticks=["money staff"] * 4)
    coordinator = personas.client("coordinator_a")
    html = section_html(coordinator, lsp)
    assert "Fewer than 5 people answered this question" in html
    assert not any(saying in html for saying in SAYINGS)
    data = api_words(coordinator, round_)
    assert [q["shown"] for q in data["questions"]] == [False, False]
    assert all(q["comments"] == [] and q["options"] == [] for q in data["questions"])
    assert download(coordinator, round_, "comments") == [["round", "question", "comment"]]
    assert len(download(coordinator, round_, "choices")) == 1

    respond(round_, 1, texts=SAYINGS[4:5], ticks=["money"], start=4)
    html = section_html(coordinator, lsp)
    assert all(saying in html for saying in SAYINGS[:5])
    data = api_words(coordinator, round_)
    assert sorted(_question(data, TEXT)["comments"]) == sorted(SAYINGS[:5])
    money = next(o for o in _question(data, CHOICE)["options"] if o["value"] == "money")
    assert (money["count"], money["percent"]) == (5, 100)
    staff = next(o for o in _question(data, CHOICE)["options"] if o["value"] == "staff")
    assert staff["count"] is None
    assert staff["withheld"] == "fewer than 5"
    rows = download(coordinator, round_, "comments")
    assert sorted(r[2] for r in rows[1:]) == sorted(SAYINGS[:5])


def test_order_is_random_stable_and_the_same_everywhere(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp)
    respond(round_, 9, texts=SAYINGS)
    coordinator = personas.client("coordinator_a")
    first = _question(api_words(coordinator, round_), TEXT)["comments"]
    assert first == _question(api_words(coordinator, round_), TEXT)["comments"]
    assert first != SAYINGS, "not the order of answering"
    html = section_html(coordinator, lsp)
    assert sorted(first, key=html.index) == first
    assert [r[2] for r in download(coordinator, round_, "comments")[1:]] == first


def test_no_group_organisation_sector_or_date_beside_the_comments(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp)
    responses = respond(round_, 6, texts=SAYINGS[:6], ticks=["staff"] * 6)
    coordinator = personas.client("coordinator_a")
    html = section_html(coordinator, lsp)
    assert SAYINGS[0] in html
    names = {r.organisation.name for r in responses}
    for word in names | set(GROUPS) | {"Statutory", "Voluntary", "Community", "Private"}:
        if word:
            assert word not in html, word
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b|\d{1,2}:\d\d", html)
    data = api_words(coordinator, round_)
    assert set(_question(data, TEXT)) == {
        "item",
        "label",
        "kind",
        "answered",
        "shown",
        "comments",
        "hidden",
        "options",
    }
    assert download(coordinator, round_, "comments")[0] == ["round", "question", "comment"]


def test_members_and_evaluators_read_comments_only_when_the_round_allows(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp)
    respond(round_, 6, texts=SAYINGS[:6], ticks=["staff data"] * 6)
    for name in ("member_a", "evaluator"):
        client = personas.client(name)
        html = section_html(client, lsp)
        assert "6 people wrote a comment" in html
        assert not any(saying in html for saying in SAYINGS)
        assert "Staff time" in html, "the counts are for everyone who reads results"
        data = api_words(client, round_)
        assert data["comments_readable"] is False
        assert _question(data, TEXT)["comments"] == []
        assert client.get(f"/surveys/rounds/{round_.pk}/words/comments.csv").status_code == 403
    Round.objects.filter(pk=round_.pk).update(members_see_comments=True)
    for name in ("member_a", "evaluator"):
        html = section_html(personas.client(name), lsp)
        assert all(saying in html for saying in SAYINGS[:6])
    outsider = personas.client("outsider")
    assert outsider.get(f"/api/surveys/rounds/{round_.pk}/words").status_code == 404


def test_sharing_can_be_switched_on_only_before_the_round_closes(personas, demo) -> None:
    from django.core.exceptions import ValidationError

    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp)
    with pytest.raises(ValidationError):
        comments.set_members_see(round_, True)
    coordinator = personas.client("coordinator_a")
    url = f"/surveys/rounds/{round_.pk}/comments/sharing/"
    coordinator.post(url, {"members_see_comments": "on"})
    round_.refresh_from_db()
    assert not round_.members_see_comments
    Round.objects.filter(pk=round_.pk).update(
        status="open", closes=timezone.now() + dt.timedelta(1)
    )
    assert personas.client("member_a").post(url, {"members_see_comments": "on"}).status_code == 403
    assert coordinator.post(url, {"members_see_comments": "on"}).status_code == 302
    round_.refresh_from_db()
    assert round_.members_see_comments
    assert AuditEvent.objects.filter(action="round.comments_shared", object_id=round_.pk).exists()
    notice = coordinator.get(f"/surveys/rounds/{round_.pk}/texts/").content.decode()
    assert "coordinators, members and evaluators" in notice


def test_only_coordinators_hide_and_unhide_and_it_is_audited(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp, members_see=True)
    respond(round_, 6, texts=SAYINGS[:6])
    target = Answer.objects.get(response__round=round_, text=SAYINGS[2])
    url = f"/surveys/rounds/{round_.pk}/comments/{target.pk}/"
    for name in ("member_a", "evaluator"):
        assert personas.client(name).post(url, {"action": "hide"}).status_code == 403
        assert (
            personas.client(name).get(f"/surveys/rounds/{round_.pk}/comments/").status_code == 403
        )
    assert personas.client("outsider").post(url, {"action": "hide"}).status_code == 404
    assert not HiddenComment.objects.filter(answer__response__round=round_).exists()
    coordinator = personas.client("coordinator_a")
    assert coordinator.get(url).status_code == 405, "a change is a POST"
    assert coordinator.post(url, {"action": "hide"}).status_code == 302
    assert HiddenComment.objects.filter(answer=target).exists()
    event = AuditEvent.objects.get(action="comment.hide")
    assert event.object_id == str(target.pk)
    assert event.partnership_id == lsp.pk
    assert event.who == "coordinator_a"
    assert SAYINGS[2] not in event.summary
    page = coordinator.get(f"/surveys/rounds/{round_.pk}/comments/").content.decode()
    assert SAYINGS[2] in page
    assert "Show this comment again" in page
    other = Answer.objects.get(response__round=round_, text=SAYINGS[3])
    assert (
        coordinator.post(url.replace(str(target.pk), "999999"), {"action": "hide"}).status_code
        == 404
    )
    assert coordinator.post(url, {"action": "show"}).status_code == 302
    assert not HiddenComment.objects.filter(answer__response__round=round_).exists()
    assert AuditEvent.objects.filter(action="comment.unhide", object_id=str(target.pk)).exists()
    assert other.pk != target.pk


def test_a_hidden_comment_is_nowhere_but_counts_towards_k(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp, members_see=True)
    respond(round_, 5, texts=SAYINGS[:5])
    secret = "Seabright's director never turns up."
    hidden = Answer.objects.filter(response__round=round_, item=TEXT).order_by("pk").last()
    Answer.objects.filter(pk=hidden.pk).update(text=secret)
    coordinator = personas.client("coordinator_a")
    coordinator.post(f"/surveys/rounds/{round_.pk}/comments/{hidden.pk}/", {"action": "hide"})
    for name in ("coordinator_a", "member_a", "evaluator", "admin"):
        client = personas.client(name)
        html = section_html(client, lsp)
        assert secret not in html
        assert "1 comment hidden by the coordinator" in html
        assert all(saying in html for saying in SAYINGS[:4]), "still 5 answers: shown"
        data = _question(api_words(client, round_), TEXT)
        assert secret not in data["comments"]
        assert data["hidden"] == 1
        assert data["answered"] == 5
        report = client.get(f"/reports/partnership/{lsp.pk}/?round={round_.pk}").content.decode()
        assert SAYINGS[0] in report
        assert secret not in report
    assert secret not in str(download(coordinator, round_, "comments"))


def test_nothing_while_the_round_is_open_so_before_and_after_are_the_same(personas, demo) -> None:
    """Attacker: a coordinator reads the page, sees someone leave the list of those
    who have not answered, reads again. While the round is open nothing is shown."""
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp)
    Round.objects.filter(pk=round_.pk).update(
        status="open", closes=timezone.now() + dt.timedelta(3)
    )
    respond(round_, 9, texts=SAYINGS[:9], ticks=["staff"] * 9)
    for name in ("admin", "coordinator_a"):
        client = personas.client(name)
        before = (api_words(client, round_), client.get(f"/surveys/rounds/{round_.pk}/comments/"))
        respond(round_, 1, texts=["The newcomer's words."], ticks=["money"], start=9)
        after = api_words(client, round_)
        assert (
            before[0]
            == after
            == {"round_id": round_.pk, "comments_readable": False, "questions": []}
        )
        assert "The newcomer" not in before[1].content.decode()
        assert client.get(f"/surveys/rounds/{round_.pk}/words/comments.csv").status_code == 403
        Response.objects.filter(round=round_, answers__text="The newcomer's words.").delete()


def test_a_member_cannot_tell_whether_anyone_else_ticked_what_they_ticked(personas, demo) -> None:
    """Attacker: member_a ticked "money", knows it, and compares what is published
    about two worlds that differ only in whether one other person ticked it too
    (1 vs 2 tickers), or in whether one more person left "staff" unticked (all but 1
    vs all but 2). The page, the API and the download are the same in both worlds."""
    lsp = demo[PARTNERSHIP_A]
    seen = []
    for world, others_money, staff_missing in (("one", False, 1), ("two", True, 2)):
        round_ = closed_round(lsp, period=f"world {world}")
        ticks = ["money staff"] + ["staff data"] * 6
        if others_money:
            ticks[3] = "money staff data"
        for i in range(staff_missing):
            ticks[6 - i] = "data"
        respond(round_, 7, ticks=ticks)
        member = personas.client("member_a")
        coordinator = personas.client("coordinator_a")
        options = _question(api_words(member, round_), CHOICE)["options"]
        rows = [r[2:] for r in download(coordinator, round_, "choices")[1:]]
        html = section_html(member, lsp)
        html = html.replace(f"world {world}", "world")
        seen.append((options, rows, html))
        round_.delete()
    assert seen[0] == seen[1]
    options = {o["value"]: o for o in seen[0][0]}
    assert options["money"]["withheld"] == "fewer than 5"
    assert options["staff"]["withheld"] == "all but fewer than 5"
    assert options["data"]["count"] is None  # 6 of 7: one person left it unticked


def test_across_two_rounds_order_and_hiding_reveal_nothing(personas, demo) -> None:
    """Attacker: the same people answer two rounds, one more person in the second.
    The newcomer's comment is not the last one listed, the two rounds' orders are
    unrelated, and a comment hidden in the first round is not found in the second's
    counts, page or download."""
    lsp = demo[PARTNERSHIP_A]
    first = closed_round(lsp, period="first round")
    respond(first, 8, texts=SAYINGS[:8])
    hidden = Answer.objects.get(response__round=first, text=SAYINGS[5])
    comments.set_hidden(comments.Viewer.of(personas.coordinator_a), first, hidden.pk, True)
    second = closed_round(lsp, period="second round")
    respond(second, 9, texts=SAYINGS[:9])
    member = personas.client("member_a")
    Round.objects.filter(pk__in=[first.pk, second.pk]).update(members_see_comments=True)
    one = _question(api_words(member, first), TEXT)["comments"]
    two = _question(api_words(member, second), TEXT)["comments"]
    assert SAYINGS[5] not in one, "hidden in the first round"
    assert SAYINGS[5] in two, "hiding is per answer, per round"
    # Not in the order people answered, so the newcomer is not simply the last one
    # (under a random order they are last one time in nine, which tells nothing).
    assert two != SAYINGS[:9]
    shared = [s for s in one if s in two]
    assert [two.index(s) for s in shared] != sorted(two.index(s) for s in shared)


def test_two_questions_of_one_person_do_not_line_up(personas, demo) -> None:
    """Attacker: one person's comments on two questions sit at unrelated places, so
    reading the two lists side by side joins nothing."""
    definition = _health_check().definition
    items = definition["dimensions"][-1]["items"]
    items.append({**items[-1], "name": "hc_comment_two", "label": {"en": "And another thing?"}})
    from joinedup.analysis.instruments import parse_instrument

    instrument = parse_instrument({**definition, "id": "two-comments"})
    version = store_instrument(instrument, "yaml")
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp, instrument=version)
    responses = respond(round_, 9, texts=SAYINGS)
    for i, response in enumerate(responses):
        Answer.objects.create(response=response, item="hc_comment_two", text=f"second {SAYINGS[i]}")
    data = api_words(personas.client("coordinator_a"), round_)
    one = _question(data, TEXT)["comments"]
    two = [t.removeprefix("second ") for t in _question(data, "hc_comment_two")["comments"]]
    assert one != two


def test_the_demo_shows_comments_and_counts(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    html = section_html(personas.client("member_a"), lsp)
    assert "In respondents' own words" in html
    assert "comment hidden by the coordinator" in html
    assert "Seabright" not in html
    assert "Staff time" in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_pdf_quotes_comments_but_never_a_hidden_one(personas, demo, tmp_path) -> None:
    lsp = demo[PARTNERSHIP_A]
    hidden = HiddenComment.objects.get(answer__response__round__partnership=lsp)
    response = personas.client("coordinator_a").get(f"/reports/partnership/{lsp.pk}/pdf/")
    assert response.status_code == 200
    pdf = tmp_path / "lsp.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "In respondents' own words" in flat or "In respondents’ own words" in flat
    assert "1 comment hidden by the coordinator" in flat
    assert "Stop treating the board as a place to announce decisions" in flat
    assert " ".join(hidden.answer.text.split()[:4]) not in flat
    assert "Hide or show comments" not in flat, "no coordinator's links in the document"
    if shutil.which("pdftoppm"):  # the section's first page and the next, to look at
        from tests.browser import ARTIFACTS

        ARTIFACTS.mkdir(exist_ok=True)
        pages = text.split("\f")
        first = next(n for n, page in enumerate(pages, 1) if "Which of these" in page)
        command = ["pdftoppm", "-f", str(first), "-l", str(first + 1), "-r", "70", "-png"]
        subprocess.run([*command, str(pdf), str(ARTIFACTS / "words-pdf")], check=True)


def test_a_new_round_can_share_its_comments_from_the_start(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    coordinator = personas.client("coordinator_a")
    form = coordinator.get(f"/surveys/partnership/{lsp.pk}/new/").content.decode()
    assert 'name="members_see_comments"' in form
    today = dt.date.today()
    coordinator.post(
        f"/surveys/partnership/{lsp.pk}/new/",
        {
            "instrument": _health_check().pk,
            "period": "winter 2026",
            "opens": today.isoformat(),
            "closes": (today + dt.timedelta(days=30)).isoformat(),
            "groups": "board member\nofficer",
            "members_see_comments": "on",
        },
    )
    round_ = Round.objects.get(partnership=lsp, period="winter 2026")
    assert round_.members_see_comments
    assert AuditEvent.objects.filter(action="round.comments_shared", object_id=round_.pk).exists()
    notice = comments_notice(round_)
    assert "coordinators, members and evaluators" in notice
    assert "at least 5 people answered that question" in notice


def comments_notice(round_) -> str:
    from joinedup.surveys.notice import default_privacy_notice

    return default_privacy_notice(round_)


def test_downloading_the_comments_is_in_the_audit_log(personas, demo) -> None:
    lsp = demo[PARTNERSHIP_A]
    round_ = closed_round(lsp)
    respond(round_, 5, texts=SAYINGS[:5])
    download(personas.client("coordinator_a"), round_, "comments")
    event = AuditEvent.objects.get(action="download", object_id=str(round_.pk))
    assert event.object_type == "surveys:round_words_csv"
    assert event.who == "coordinator_a"
