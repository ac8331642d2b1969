"""Django forms for one page of the survey, built from the instrument.

Field names: the item name for ordinary items, ``<item>__<organisation id>`` for a
relation item about one organisation. A scale with a "don't know" label offers it
as the last choice (value ``dk``). Optional items may be left blank (skipped).

An instrument with XLSForm logic is worked out here, on the server, from the
answers so far (``base``) and, when the page is posted, the page's own answers:
only questions that are asked get a field, cascading lists are filtered, labels
are filled with ``${name}`` values, and each answer is checked against its
``constraint`` (see :mod:`joinedup.surveys.logic`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from joinedup.analysis.formlogic import Environment
from joinedup.analysis.formstate import FormState, accepts, choices_for, form_state, label_text
from joinedup.analysis.instruments import Choice, Instrument, Item, ItemType
from joinedup.registry.models import Organisation
from joinedup.surveys import logic
from joinedup.surveys.models import Answer, InstrumentVersion, RelationAnswer, Response
from joinedup.surveys.respond import Given, Page

DONT_KNOW = "dk"
ERROR_REQUIRED = _("Please answer this question, or choose “don’t know” if it is offered.")
ERROR_CONSTRAINT = _("This answer is not accepted here: please check it.")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _number(value: float | int | str) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def _field(
    instrument: Instrument,
    item: Item,
    language: str,
    label: str,
    listed: list[Choice] | None = None,
    hint: str | None = None,
) -> forms.Field:
    text = instrument.text
    required_message = text(item.required_message, language) or ERROR_REQUIRED
    common: dict[str, Any] = {
        "label": label,
        # A read-only question cannot be answered here, so it cannot be required.
        "required": item.required and not item.read_only,
        "help_text": text(item.hint, language) if hint is None else hint,
        "disabled": item.read_only,
        "error_messages": {
            "required": required_message,
            "invalid_choice": _("Please choose one of the answers offered."),
        },
    }
    dated = _dated(item, common)
    if dated is not None:
        return dated
    if item.type in (ItemType.SCALE, ItemType.RELATION):
        scale = instrument.scales[item.scale or ""]
        choices = [(_number(c.value), text(c.label, language)) for c in scale.choices]
        if scale.dont_know:
            choices.append((DONT_KNOW, text(scale.dont_know, language)))
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if item.type in (ItemType.SINGLE, ItemType.MULTIPLE):
        listed = instrument.choices[item.choices or ""] if listed is None else listed
        options = [(str(c.value), text(c.label, language)) for c in listed]
        if item.type == ItemType.SINGLE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, **common
        )
    if item.type == ItemType.INTEGER:
        return forms.IntegerField(**common)
    if item.type == ItemType.DECIMAL:
        return forms.FloatField(**common)
    if item.type == ItemType.RANGE and item.range is not None:
        bounds = item.range
        low, high = sorted((bounds.start, bounds.end))
        attrs = {"min": _number(low), "max": _number(high), "step": _number(bounds.step)}
        return forms.FloatField(
            min_value=low, max_value=high, widget=forms.NumberInput(attrs=attrs), **common
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, **common)


def _dated(item: Item, common: dict[str, Any]) -> forms.Field | None:
    """The browser's own date and time inputs, checked again here."""
    messages = {**common["error_messages"], "invalid": _("Please give a real date or time.")}
    options = {**common, "error_messages": messages}
    if item.type == ItemType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if item.type == ItemType.TIME:
        return forms.TimeField(
            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), **options
        )
    if item.type == ItemType.DATETIME:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
            input_formats=[DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
            **options,
        )
    return None


class InstrumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A picker of instruments by title and version ("Partnership health check,
    version 1"), not by id: the round forms and the administration."""

    def label_from_instance(self, obj: InstrumentVersion) -> str:
        return obj.label()


# One radio button or checkbox: the markup Django's own RadioSelect and
# CheckboxSelectMultiple write, less their templates' whitespace.
OPTION = (
    '<label for="{}"><input type="{}" name="{}" value="{}" id="{}"{}{}> <span>{}</span></label>'
)


class Question(TypedDict):
    """One field of the page as the template writes it.

    Every value the template needs is read here once, from the bound field, and
    handed over as a dictionary (a template finds a dictionary's keys at the first
    try; on an object it first tries, and fails, a key lookup). A question's radio
    buttons or checkboxes are written here too, with ``format_html`` (which escapes
    every value): rendering each of them through the form renderer's widget
    templates, or through a loop in ours, was most of the CPU a question page
    cost. A text or number field has no ``choices``; the template renders it
    through ``field``, the form's own widget."""

    field: forms.BoundField | None  # None for a note
    kind: str  # "radio", "checkbox", "note", or "" for a text or number field
    choices: str  # the radio buttons or checkboxes, as safe HTML
    id: str
    label: str
    hint: str
    required: bool
    errors: list[str]
    section: str  # the heading of an inner group, on the first question under it


def note(label: str, hint: str) -> Question:
    """A note: text on the page, no field."""
    return {
        "field": None,
        "kind": "note",
        "choices": "",
        "id": "",
        "label": label,
        "hint": hint,
        "required": False,
        "errors": [],
        "section": "",
    }


def question(field: forms.BoundField) -> Question:
    kind = getattr(field.field.widget, "input_type", "")
    if kind not in ("radio", "checkbox"):
        kind = ""
    choices = ""
    if kind:
        name = field.html_name
        choices = format_html_join(
            "",
            OPTION,
            (
                (
                    option.data["attrs"]["id"],
                    kind,
                    name,
                    option.data["value"],
                    option.data["attrs"]["id"],
                    " checked" if option.data["selected"] else "",
                    " required" if option.data["attrs"].get("required") else "",
                    option.data["label"],
                )
                for option in field.subwidgets
            ),
        )
    return {
        "field": field,
        "kind": kind,
        "choices": choices,
        "id": field.auto_id,
        "label": str(field.label),
        "hint": str(field.help_text),
        "required": field.field.required,
        "errors": [str(message) for message in field.errors],
        "section": "",
    }


class Group(TypedDict):
    """A fieldset on the page: one organisation (relation pages) or the whole page."""

    legend: str
    questions: list[Question]


class PageForm(forms.Form):
    def __init__(
        self,
        instrument: Instrument,
        page: Page,
        orgs: list[Organisation],
        language: str,
        *args: Any,
        base: dict[str, str] | None = None,
        env: Environment | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument, self.page, self.orgs = instrument, page, orgs
        self.language = language
        self.relation = any(i.type == ItemType.RELATION for i in page.items)
        self.env = env or logic.environment(instrument, language)
        self.state = self._state(base or {})
        self.shown = logic.shown(page.items, self.state)
        for item in self.shown:
            label = label_text(instrument.text(item.label, language), self.state)
            hint = label_text(instrument.text(item.hint, language), self.state)
            if item.type == ItemType.NOTE:
                continue
            if item.type == ItemType.RELATION:
                for org in orgs:
                    self.fields[f"{item.name}__{org.pk}"] = _field(
                        instrument, item, language, label
                    )
            else:
                listed = None
                if item.choice_filter:
                    listed = choices_for(instrument, item, self.state, self.env)
                self.fields[item.name] = _field(instrument, item, language, label, listed, hint)
        if self.relation:
            # In a roster, a partner may be left blank: the respondent may not know them.
            for field in self.fields.values():
                field.required = False

    def _state(self, base: dict[str, str]) -> FormState:
        """The form state over the answers so far, with this page's posted answers
        in place of its stored ones when the form is bound."""
        if not self.is_bound or not logic.has_logic(self.instrument):
            return form_state(self.instrument, base, self.env)
        data = self.data if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        values = {k: v for k, v in base.items() if k not in {i.name for i in self.page.items}}
        for item in self.page.items:
            posted = [v for v in data.getlist(item.name) if v != DONT_KNOW]
            if posted:
                values[item.name] = " ".join(posted)
        return form_state(self.instrument, values, self.env)

    def clean(self) -> dict[str, Any]:
        """Each answer against its item's constraint (``.`` being the answer)."""
        cleaned = super().clean() or {}
        language = self.language
        for item in self.shown:
            if not item.constraint or item.name not in cleaned:
                continue
            answer = self.state.values.get(item.name, "")
            if not accepts(self.instrument, item, answer, self.state, self.env):
                message = self.instrument.text(item.constraint_message, language)
                self.add_error(item.name, message or str(ERROR_CONSTRAINT))
        return cleaned

    def shown_names(self) -> str:
        """The questions this page shows, sent back with it: a question the answers
        make apply on the same page is then seen to be new (see the view)."""
        return " ".join(i.name for i in self.shown)

    def groups(self) -> list[Group]:
        if not self.relation:
            return [{"legend": "", "questions": self._questions()}]
        return [
            {
                "legend": org.name,
                "questions": [
                    question(self[f"{item.name}__{org.pk}"])
                    for item in self.page.items
                    if item.type == ItemType.RELATION
                ],
            }
            for org in self.orgs
        ]

    def _questions(self) -> list[Question]:
        """The page's notes and questions, in order, with inner-group headings."""
        found: list[Question] = []
        section = ""
        text = self.instrument.text
        for item in self.shown:
            if item.type == ItemType.NOTE:
                entry = note(
                    label_text(text(item.label, self.language), self.state),
                    label_text(text(item.hint, self.language), self.state),
                )
            else:
                entry = question(self[item.name])
            heading = text(item.section, self.language)
            if heading != section:
                entry["section"] = section = heading
            found.append(entry)
        return found

    def answers(self) -> list[Given]:
        """The cleaned values as answers (valid fields only, so a page with one bad
        answer still keeps the good ones)."""
        data = getattr(self, "cleaned_data", {})
        given = []
        for name, value in data.items():
            if value in (None, "", []):
                continue
            item_name, _sep, target = name.partition("__")
            item = self.instrument.item(item_name)
            given.append(_given(item, value, int(target) if target else None))
        return given


def _given(item: Item, value: Any, target: int | None) -> Given:
    if value == DONT_KNOW:
        return Given(item.name, None, "", True, target)
    if item.type in (ItemType.SCALE, ItemType.RELATION, ItemType.INTEGER, ItemType.DECIMAL):
        return Given(item.name, float(value), "", False, target)
    if item.type == ItemType.RANGE:
        return Given(item.name, float(value), "", False, target)
    if item.type == ItemType.MULTIPLE:
        return Given(item.name, None, " ".join(value), False, target)
    if isinstance(value, dt.datetime):
        return Given(item.name, None, value.strftime(DATETIME_FORMAT), False, target)
    if isinstance(value, dt.time):
        return Given(item.name, None, value.strftime("%H:%M"), False, target)
    if isinstance(value, dt.date):
        return Given(item.name, None, value.isoformat(), False, target)
    return Given(item.name, None, str(value), False, target)


def initial_for(response: Response, page: Page) -> dict[str, Any]:
    """The saved answers of this page as form initial data (for resuming); only the
    table the page's items are kept in is read."""
    kinds = {i.name: i.type for i in page.items}
    plain = [name for name, kind in kinds.items() if kind != ItemType.RELATION]
    relation = [name for name, kind in kinds.items() if kind == ItemType.RELATION]
    initial: dict[str, Any] = {}
    if plain:
        saved = Answer.objects.filter(response=response, item__in=plain)
        for item, value, text, dk in saved.values_list("item", "value", "text", "dont_know"):
            initial[item] = _initial(kinds[item], value, text, dk)
        for entry in page.items:  # a default is offered while the question has no answer
            if entry.default and entry.name not in initial and entry.name in plain:
                initial[entry.name] = (
                    entry.default.split() if entry.type == ItemType.MULTIPLE else entry.default
                )
    if relation:
        rated = RelationAnswer.objects.filter(response=response, item__in=relation)
        for item, target, value in rated.values_list("item", "target_id", "value"):
            initial[f"{item}__{target}"] = DONT_KNOW if value is None else _number(value)
    return initial


def _initial(kind: ItemType, value: float | None, text: str, dont_know: bool) -> Any:
    if dont_know:
        return DONT_KNOW
    if kind == ItemType.MULTIPLE:
        return text.split()
    if value is not None:
        return _number(value)
    return text


class OpenStartForm(forms.Form):
    """Who answers through a round's open link: their organisation (a current member
    of the partnership) and stakeholder group (one of the round's)."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Your organisation"),
        empty_label=_("Choose your organisation"),
    )
    group = forms.ChoiceField(label=_("Your stakeholder group"))

    def __init__(self, round_: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = round_.partnership.members_on(timezone.localdate()).values_list(
            "organisation_id", flat=True
        )
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=list(members)).order_by("name")
        group = self.fields["group"]
        assert isinstance(group, forms.ChoiceField)
        group.choices = [("", _("Choose your group"))] + [(g, g) for g in round_.groups]
