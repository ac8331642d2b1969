"""Participation measures: the link to decisions, feedback, depth and tokenism.

Plain records in, plain results out; the participation app turns its rows into
the records below. Representativeness and fatigue live in
:mod:`joinedup.analysis.participation_reach`, indicators in
:mod:`joinedup.analysis.participation_indicators`.

Depth is read on the IAP2 spectrum of public participation (International
Association for Public Participation, *IAP2 Spectrum of Public Participation*,
2007/2018): inform < consult < involve < collaborate < empower. The spectrum is
a simplification of Arnstein's ladder (S. R. Arnstein, "A Ladder of Citizen
Participation", *Journal of the American Institute of Planners* 35(4), 1969,
216–224), whose lower rungs ("informing", "consultation", "placation") are the
tokenism a declared depth can hide. The declared depth is what a partnership
promised; the *achieved* depth is read from evidence it recorded: feedback
published to participants and inputs linked to the decisions they informed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DEPTHS: tuple[str, ...] = ("inform", "consult", "involve", "collaborate", "empower")
METHODS: tuple[str, ...] = (
    "public_meeting",
    "consultation_paper",
    "satisfaction_survey",
    "opinion_poll",
    "citizens_panel",
    "citizens_jury",
    "focus_group",
    "neighbourhood_forum",
    "online",
)
LINK_KINDS: tuple[str, ...] = ("adopted", "changed", "considered_not_adopted", "deferred")
INFLUENCE_KINDS: frozenset[str] = frozenset({"adopted", "changed"})
DEFAULT_FEEDBACK_DAYS = 90


def depth_level(depth: str) -> int:
    """Position of ``depth`` on the IAP2 spectrum, 1 (inform) … 5 (empower)."""
    try:
        return DEPTHS.index(depth) + 1
    except ValueError:
        raise ValueError(f"unknown depth {depth!r}; expected one of {', '.join(DEPTHS)}") from None


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """One participation activity, as the analysis core sees it."""

    id: str
    partnerships: frozenset[str]  # the owning partnership, or several for a joint activity
    title: str
    declared_depth: str
    start: dt.date
    end: dt.date
    area: str = ""
    topic: str = ""
    target_groups: frozenset[str] = frozenset()
    methods: tuple[str, ...] = ()
    participants: int = 0
    feedback_due: dt.date | None = None  # None: end + DEFAULT_FEEDBACK_DAYS


@dataclass(frozen=True, slots=True)
class InputRecord:
    """A theme or proposal that came out of an activity."""

    id: str
    activity: str


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """A typed link from an input to a decision it informed."""

    input: str
    decision: str
    kind: str  # one of LINK_KINDS
    delegated: bool = False  # the decision was taken by the participants themselves


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """One published "you said, we did" statement of an activity."""

    activity: str
    published: dt.date | None


def feedback_due(activity: ActivityRecord, default_days: int = DEFAULT_FEEDBACK_DAYS) -> dt.date:
    """The date by which participants should have heard back: the recorded due
    date, or else ``default_days`` after the activity ended."""
    if activity.feedback_due is not None:
        return activity.feedback_due
    return activity.end + dt.timedelta(days=default_days)


# --- decision link ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkRate:
    inputs: int
    linked: int  # inputs with at least one link of any kind
    influential: int  # inputs with at least one "adopted" or "changed" link
    rate: float | None  # linked / inputs; None when there are no inputs
    influence_rate: float | None


def decision_link_rate(inputs: Sequence[InputRecord], links: Iterable[LinkRecord]) -> LinkRate:
    """Decision-link rate: the share of inputs that reached a recorded decision.

    rate = |{i : i has ≥ 1 link}| / |inputs|. An input counts as linked whatever
    the link's kind, because "considered, not adopted, and here is why" is a
    visible link to a decision; the influence rate counts only links of kind
    ``adopted`` or ``changed``. The measure answers the gap the participation
    literature reports between consultation and decision (in the DETR survey of
    1998 only a third of local authorities thought participation had a
    significant effect on final decisions).
    """
    ids = {i.id for i in inputs}
    linked: set[str] = set()
    influential: set[str] = set()
    for link in links:
        if link.input in ids:
            linked.add(link.input)
            if link.kind in INFLUENCE_KINDS:
                influential.add(link.input)
    n = len(ids)
    return LinkRate(
        inputs=n,
        linked=len(linked),
        influential=len(influential),
        rate=len(linked) / n if n else None,
        influence_rate=len(influential) / n if n else None,
    )


# --- feedback --------------------------------------------------------------------

FEEDBACK_STATES: tuple[str, ...] = ("on_time", "late", "missing", "not_yet_due", "not_expected")


def feedback_state(
    activity: ActivityRecord,
    feedback: Iterable[FeedbackRecord],
    as_of: dt.date,
    default_days: int = DEFAULT_FEEDBACK_DAYS,
) -> str:
    """Where an activity's feedback stands on ``as_of``.

    Let d be the due date (see :func:`feedback_due`) and p the earliest
    publication date on or before ``as_of`` of the activity's feedback.
    ``on_time`` if p ≤ d; ``late`` if p > d; with no p: ``missing`` if
    d < as_of, else ``not_yet_due``. Feedback published after ``as_of`` does
    not count yet, so a past date reproduces the state as it was then. An
    activity declared "inform" asks nobody anything, so with no feedback
    published its state is ``not_expected`` rather than missing.
    """
    due = feedback_due(activity, default_days)
    dates = [f.published for f in feedback if f.activity == activity.id and f.published]
    published = min((d for d in dates if d <= as_of), default=None)
    if published is not None:
        return "on_time" if published <= due else "late"
    if depth_level(activity.declared_depth) == 1:
        return "not_expected"
    return "missing" if due < as_of else "not_yet_due"


def feedback_summary(
    activities: Sequence[ActivityRecord],
    feedback: Sequence[FeedbackRecord],
    as_of: dt.date,
    default_days: int = DEFAULT_FEEDBACK_DAYS,
) -> dict[str, int]:
    """Counts of activities in each feedback state (:data:`FEEDBACK_STATES`)."""
    counts = dict.fromkeys(FEEDBACK_STATES, 0)
    for activity in activities:
        counts[feedback_state(activity, feedback, as_of, default_days)] += 1
    return counts


# --- achieved depth and tokenism ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class DepthVerdict:
    activity: str
    declared: str
    achieved: str
    gap: int  # declared level − achieved level (0 = as promised)
    feedback: str  # the feedback state
    inputs: int
    linked: int
    influential: int
    tokenism: bool
    reasons: tuple[str, ...] = field(default=())


def achieved_depth(
    declared: str,
    feedback_given: bool,
    linked: int,
    influential: int,
    inputs: int,
    delegated: bool,
) -> str:
    """The depth an activity's recorded evidence supports (joinedup's rule).

    1. **inform** — no feedback given and no input linked to any decision;
    2. **consult** — feedback given, or at least one input linked to a decision;
    3. **involve** — at least one input adopted or changed a decision
       (``influential`` ≥ 1);
    4. **collaborate** — declared collaborate or deeper, feedback given, and at
       least half of the inputs adopted or changing a decision;
    5. **empower** — declared empower, feedback given, and at least one linked
       decision was delegated to the participants themselves.

    The result is capped at the declared depth: a partnership is never
    credited with more than it offered (IAP2's "promise to the public").
    """
    level = 1
    if feedback_given or linked:
        level = 2
    if influential:
        level = 3
    declared_level = depth_level(declared)
    if declared_level >= 4 and feedback_given and inputs and influential / inputs >= 0.5:
        level = 4
    if declared_level == 5 and feedback_given and delegated:
        level = 5
    return DEPTHS[min(level, declared_level) - 1]


def is_tokenistic(declared: str, feedback: str, linked: int) -> bool:
    """Tokenism flag: declared consult or deeper, the feedback due date has
    passed with nothing published (state ``missing``), and no input is linked
    to any decision. Arnstein (1969) places consultation without assurance
    that views are heeded among the rungs of tokenism."""
    return depth_level(declared) >= 2 and feedback == "missing" and linked == 0


def assess_depth(
    activity: ActivityRecord,
    inputs: Sequence[InputRecord],
    links: Sequence[LinkRecord],
    feedback: Sequence[FeedbackRecord],
    as_of: dt.date,
    default_days: int = DEFAULT_FEEDBACK_DAYS,
) -> DepthVerdict:
    """Declared against achieved depth, with the tokenism flag, for one activity."""
    own = [i for i in inputs if i.activity == activity.id]
    own_links = [lk for lk in links if lk.input in {i.id for i in own}]
    rate = decision_link_rate(own, own_links)
    state = feedback_state(activity, feedback, as_of, default_days)
    given = state in ("on_time", "late")
    delegated = any(lk.delegated and lk.kind in INFLUENCE_KINDS for lk in own_links)
    achieved = achieved_depth(
        activity.declared_depth, given, rate.linked, rate.influential, rate.inputs, delegated
    )
    token = is_tokenistic(activity.declared_depth, state, rate.linked)
    reasons = []
    if token:
        reasons.append(
            "declared consult or deeper, feedback overdue, no input linked to a decision"
        )
    return DepthVerdict(
        activity=activity.id,
        declared=activity.declared_depth,
        achieved=achieved,
        gap=depth_level(activity.declared_depth) - depth_level(achieved),
        feedback=state,
        inputs=rate.inputs,
        linked=rate.linked,
        influential=rate.influential,
        tokenism=token,
        reasons=tuple(reasons),
    )


# --- method mix --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MethodMix:
    counts: dict[str, int]  # method → activities using it
    shares: dict[str, float]  # method → counts / total uses
    distinct: int
    evenness: float | None  # Pielou's J on the uses; None with fewer than two methods


def method_mix(activities: Iterable[ActivityRecord]) -> MethodMix:
    """The mix of methods a partnership used.

    Each activity counts once for each of its methods. Evenness is Pielou's
    J = H / ln S with Shannon's H = −Σ s_m ln s_m over the S methods used
    (E. C. Pielou, *J. Theoretical Biology* 13, 1966, 131–144): 1 when every
    method was used equally often, near 0 when one method dominates. A mix of
    methods is what the participation literature recommends, since each
    method reaches different people.
    """
    counts = Counter(m for a in activities for m in a.methods)
    total = sum(counts.values())
    shares = {m: c / total for m, c in counts.items()} if total else {}
    evenness: float | None = None
    if len(counts) >= 2:
        h = -sum(s * math.log(s) for s in shares.values())
        evenness = h / math.log(len(counts))
    ordered = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return MethodMix(counts=ordered, shares=shares, distinct=len(counts), evenness=evenness)


# --- board seats -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportBackStatus:
    last: dt.date | None
    next_due: dt.date | None  # None when the term has ended
    overdue: bool
    days_overdue: int


def report_back_status(
    term_start: dt.date,
    term_end: dt.date | None,
    reports: Iterable[dt.date],
    every_days: int,
    as_of: dt.date,
) -> ReportBackStatus:
    """Whether a community representative reported back to their constituency
    as often as their mandate asks.

    The next report is due ``every_days`` after the last one on or before
    ``as_of`` (or after the start of the term when there is none). It is
    overdue when that date is before ``as_of`` and the term was still running
    on the due date.
    """
    past = [d for d in reports if d <= as_of]
    last = max(past, default=None)
    due = (last or term_start) + dt.timedelta(days=every_days)
    if term_end is not None and due > term_end:
        return ReportBackStatus(last=last, next_due=None, overdue=False, days_overdue=0)
    overdue = due < as_of
    return ReportBackStatus(
        last=last, next_due=due, overdue=overdue, days_overdue=(as_of - due).days if overdue else 0
    )
