"""Forms of the import: the upload, the questions about the file, what each name becomes, and
the gaps to record as breaks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired

from tracker.catalogue import normalise_name
from tracker.crud.matching import Choice, CreateCustom, Decision, NamePlan, SkipName, UseExercise
from tracker.forms.breaks import REASON_LABELS
from tracker.forms.exercises import MultiCheckboxField
from tracker.forms.fields import choices, strip
from tracker.importers.dates import DATE_ORDER_LABELS
from tracker.physiology.muscles import MUSCLE_GROUPS

SOURCE_CHOICES = (
    ("", "Detect it from the file"),
    ("strong", "Strong"),
    ("hevy", "Hevy"),
    ("fitnotes", "FitNotes"),
    ("regain", "Regain (a JSON export)"),
)
UNIT_CHOICES = (
    ("", "The file says (ask me if it does not)"),
    ("kg", "Kilograms (kg)"),
    ("lb", "Pounds (lb)"),
)
#: Actions for a name (``NameEntry.action``); a suggested exercise is "use:<id>".
SUGGESTED, CREATE, PICK, SKIP = "suggested", "create", "pick", "skip"
NAME_LENGTH = 120


class ImportForm(FlaskForm):
    file = FileField(
        "Export file (CSV from Strong, Hevy or FitNotes, or a Regain JSON export)",
        validators=[FileRequired("Choose the file your app exported.")],
    )
    source = SelectField("App", choices=choices(SOURCE_CHOICES))
    unit = SelectField("Weights in the file are in", choices=choices(UNIT_CHOICES))
    submit = SubmitField("Upload and preview")


class QuestionsForm(FlaskForm):
    """What the file cannot say itself: its weight unit, the order of day and month."""

    unit = SelectField("Weights in this file are in", choices=choices(UNIT_CHOICES[1:]))
    date_order = SelectField(
        "Dates in this file are written", choices=choices(DATE_ORDER_LABELS.items())
    )
    submit = SubmitField("Continue")

    def ask(self, *, unit: bool, date_order: bool) -> None:
        """Keep only the questions to ask, each required (call before validate)."""
        if not unit:
            del self.unit
        else:
            self.unit.validators = [InputRequired("Choose kg or lb.")]
        if not date_order:
            del self.date_order
        else:
            self.date_order.validators = [InputRequired("Choose how the dates are written.")]


def muscle_choices() -> list[Any]:
    return choices((m.key, m.label) for m in MUSCLE_GROUPS)


class NameEntry(Form):
    """What one exercise name of the file becomes."""

    key = HiddenField()
    action = SelectField("It becomes", choices=[], validate_choice=False)
    pick = StringField("Exercise (type to search)", filters=[strip])
    name = StringField("Name of your exercise", filters=[strip])
    primary = MultiCheckboxField("Main muscles", choices=muscle_choices())
    secondary = MultiCheckboxField("Helping muscles (optional)", choices=muscle_choices())


class ConfirmForm(FlaskForm):
    names = FieldList(FormField(NameEntry))
    accept_all = SubmitField("Accept all suggestions and import")
    submit = SubmitField("Import with these answers")

    def setup(self, plans: Sequence[NamePlan]) -> None:
        """One entry per name, with its choices and, when first shown, the plan's answer
        pre-chosen (call before validate)."""
        while len(self.names) < len(plans):
            self.names.append_entry()
        while len(self.names) > len(plans):
            self.names.pop_entry()
        submitted = self.is_submitted()
        for entry, plan in zip(self.names, plans, strict=True):
            form = entry.form
            form.action.choices = action_choices(plan)
            form.action.label.text = f"“{plan.name}” becomes"
            if not submitted:
                form.key.data = plan.key
                form.action.data = SUGGESTED
                form.name.data = plan.exercise if not plan.clear else plan.name[:NAME_LENGTH]
                form.primary.data = list(plan.primary)
                form.secondary.data = list(plan.secondary)

    def decisions(
        self, plans: Sequence[NamePlan], exercises: Sequence[Choice]
    ) -> dict[str, Decision] | None:
        """The answers that differ from the plans, or None with errors at the fields."""
        if self.accept_all.data or not any(entry.form.key.data for entry in self.names):
            return {}  # accepted as suggested (a form sent without any answer, too)
        by_name: dict[str, int] = {}
        for choice in sorted(exercises, key=lambda c: not c.custom):  # own ones win a tie
            by_name.setdefault(normalise_name(choice.name), choice.id)
        allowed = {c.id for c in exercises}
        result: dict[str, Decision] = {}
        ok = True
        for entry, plan in zip(self.names, plans, strict=True):
            form = entry.form
            if form.key.data != plan.key:
                form.action.errors = [f"Check this again: it is now for “{plan.name}”."]
                ok = False
                continue
            decision = self._decision(form, plan, by_name, allowed)
            if decision is None:
                ok = False
            elif decision != plan.proposal:
                result[plan.key] = decision
        return result if ok else None

    @staticmethod
    def _decision(
        form: NameEntry, plan: NamePlan, by_name: dict[str, int], allowed: set[int]
    ) -> Decision | None:
        action = form.action.data or ""
        if action == SUGGESTED:
            if plan.clear or not isinstance(plan.proposal, CreateCustom):
                return plan.proposal
            action = CREATE  # the suggestion is the muscles shown: take them as edited
        if action == SKIP:
            return SkipName()
        if action.startswith("use:"):
            chosen = action.removeprefix("use:")
            if chosen.isdecimal() and len(chosen) < 12 and int(chosen) in allowed:
                return UseExercise(int(chosen))
            form.action.errors = ["Choose one of the listed answers."]
            return None
        if action == PICK:
            typed = form.pick.data or ""
            found = by_name.get(normalise_name(typed)) if typed else None
            if found is None:
                form.pick.errors = [
                    "Type the name of an exercise from the list."
                    if typed
                    else "Type the exercise this is, or choose another answer."
                ]
                return None
            return UseExercise(found)
        if action == CREATE:
            name = form.name.data or ""
            primary = tuple(form.primary.data or ()) if not plan.clear else plan.primary
            secondary = tuple(
                m
                for m in (form.secondary.data or () if not plan.clear else plan.secondary)
                if m not in primary
            )
            problems = False
            if not name:
                form.name.errors = ["Give your exercise a name."]
                problems = True
            elif len(name) > NAME_LENGTH:
                form.name.errors = [f"Keep the name to {NAME_LENGTH} characters."]
                problems = True
            if secondary and not primary:
                form.primary.errors = ["Choose a main muscle too, or no muscles at all."]
                problems = True
            if problems:
                return None
            kind = plan.kind if plan.kind in ("cardio", "timed", "bodyweight") else "weighted"
            if kind == "cardio" and primary:
                kind = "weighted"
            equipment = (
                plan.proposal.equipment if isinstance(plan.proposal, CreateCustom) else "other"
            )
            return CreateCustom(name, primary, secondary, equipment, kind)
        form.action.errors = ["Choose one of the listed answers."]
        return None


def action_choices(plan: NamePlan) -> list[Any]:
    """The answers offered for one name, its plan's first."""
    if plan.clear:
        first = f"{plan.exercise} (suggested)"
        own = f"My own exercise “{plan.name[:60]}” with the same muscles"
    elif plan.how == "unassigned":
        first = f"My own exercise “{plan.exercise}”, muscles to set later (suggested)"
        own = None
    else:
        first = f"My own exercise “{plan.exercise}” with the muscles below (suggested)"
        own = None
    pairs = [(SUGGESTED, first)]
    if plan.how == "unassigned":
        pairs.append((CREATE, "My own exercise with the muscles below"))
    pairs += [
        (f"use:{s.id}", s.name)
        for s in plan.suggestions
        if not (isinstance(plan.proposal, UseExercise) and plan.proposal.exercise_id == s.id)
    ][:4]
    pairs.append((PICK, "Another exercise (type its name below)"))
    if own is not None:
        pairs.append((CREATE, own))
    pairs.append((SKIP, "Skip these sets"))
    return choices(pairs)


class GapEntry(Form):
    """One gap of the history, perhaps to record as a break."""

    start = HiddenField()
    end = HiddenField()
    record = BooleanField("Record as a break")
    reason = SelectField("Why", choices=choices(REASON_LABELS.items()))


class GapsForm(FlaskForm):
    gaps = FieldList(FormField(GapEntry))
    submit = SubmitField("Record the ticked gaps as breaks")
