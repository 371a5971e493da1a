"""Forms of the import: the upload, the unit question, and the mapping of unknown exercises."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.crud.imports import UnknownName
from tracker.crud.matching import Choice, CreateCustom, Decision, UseExercise
from tracker.forms.fields import choices, strip
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
#: The select value that means "create a custom exercise for this name".
NEW = "new"


class ImportForm(FlaskForm):
    file = FileField(
        "Export file (CSV from Strong, Hevy or FitNotes, or a Regain JSON export)",
        validators=[FileRequired("Choose the file your app exported.")],
    )
    source = SelectField("App", choices=choices(SOURCE_CHOICES))
    unit = SelectField("Weights in the file are in", choices=choices(UNIT_CHOICES))
    submit = SubmitField("Upload and preview")


class UnitForm(FlaskForm):
    unit = SelectField(
        "Weights in this file are in",
        choices=choices(UNIT_CHOICES[1:]),
        validators=[InputRequired("Choose kg or lb.")],
    )
    submit = SubmitField("Continue")


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice (usable without JavaScript, unlike a multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def muscle_choices() -> list[Any]:
    return choices((m.key, m.label) for m in MUSCLE_GROUPS)


class MappingEntry(Form):
    """What one unknown name is: an existing exercise, or a new custom one."""

    original = HiddenField()
    exercise = SelectField("Exercise", choices=[], validate_choice=False)
    name = StringField("Name of the new exercise", filters=[strip])
    primary = MultiCheckboxField("Main muscles (primary)", choices=muscle_choices())
    secondary = MultiCheckboxField(
        "Helping muscles (secondary, optional)", choices=muscle_choices()
    )


class ConfirmForm(FlaskForm):
    mappings = FieldList(FormField(MappingEntry))
    submit = SubmitField("Import")

    def setup(self, unknown: Sequence[UnknownName], exercises: Sequence[Choice]) -> None:
        """Give the form one entry per unknown name, with its choices (call before validate)."""
        while len(self.mappings) < len(unknown):
            self.mappings.append_entry()
        while len(self.mappings) > len(unknown):
            self.mappings.pop_entry()
        for entry, item in zip(self.mappings, unknown, strict=True):
            form = entry.form
            suggested = {s.id for s in item.suggestions}
            options = [SelectChoice("", "Choose..."), SelectChoice(NEW, "Create a custom exercise")]
            options += [
                SelectChoice(str(s.id), s.name, optgroup="Suggested") for s in item.suggestions
            ]
            options += [
                SelectChoice(str(c.id), c.name, optgroup="Your exercises")
                for c in exercises
                if c.custom and c.id not in suggested
            ]
            options += [
                SelectChoice(str(c.id), c.name, optgroup="Catalogue")
                for c in exercises
                if not c.custom and c.id not in suggested
            ]
            form.exercise.choices = options
            form.exercise.label.text = f"“{item.name}” is"
            if not self.is_submitted():
                form.original.data = item.name
                form.name.data = item.name

    def decisions(
        self, unknown: Sequence[UnknownName], exercises: Sequence[Choice]
    ) -> dict[str, Decision] | None:
        """The answers, or None with errors at the fields that need one."""
        allowed = {str(c.id): c.id for c in exercises}
        result: dict[str, Decision] = {}
        ok = True
        for entry, item in zip(self.mappings, unknown, strict=True):
            form = entry.form
            choice = form.exercise.data or ""
            if form.original.data != item.name:
                # The list of unknown names changed since the page was shown.
                form.exercise.errors = [f"Check this again: it is now for “{item.name}”."]
                ok = False
                continue
            if choice == NEW:
                name = (form.name.data or "").strip()
                primary = tuple(form.primary.data or ())
                secondary = tuple(m for m in form.secondary.data or () if m not in primary)
                if not name:
                    form.name.errors = ["Give the new exercise a name."]
                    ok = False
                elif len(name) > 120:
                    form.name.errors = ["Keep the name under 120 characters."]
                    ok = False
                if not primary:
                    form.primary.errors = ["Choose at least one main muscle group."]
                    ok = False
                if ok and name and primary:
                    result[item.normalized] = CreateCustom(name, primary, secondary)
            elif choice in allowed:
                result[item.normalized] = UseExercise(allowed[choice])
            elif not choice:
                form.exercise.errors = [
                    "Choose the exercise this is, or create a custom exercise for it."
                ]
                ok = False
            else:
                form.exercise.errors = ["Choose one of the listed exercises."]
                ok = False
        return result if ok else None
