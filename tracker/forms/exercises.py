"""Forms for custom exercises and for finding exercises."""

from __future__ import annotations

from flask_wtf import FlaskForm
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
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.catalogue import EQUIPMENT, EXERCISE_KINDS
from tracker.crud.exercises import Muscles
from tracker.forms.fields import choices, strip
from tracker.models import ExerciseBase
from tracker.physiology.muscles import MUSCLE_GROUPS, MUSCLES_BY_KEY

EQUIPMENT_LABELS: dict[str, str] = {
    "barbell": "Barbell",
    "dumbbell": "Dumbbell",
    "machine": "Machine",
    "cable": "Cable",
    "bodyweight": "Bodyweight",
    "kettlebell": "Kettlebell",
    "band": "Band",
    "smith": "Smith machine",
    "other": "Other",
}
KIND_LABELS: dict[str, str] = {
    "weighted": "Weighted: reps with a load",
    "bodyweight": "Bodyweight: reps, optional added weight",
    "assisted": "Assisted: reps, the weight helps you",
    "cardio": "Cardio: distance and time",
    "timed": "Timed hold: seconds",
}
assert tuple(EQUIPMENT_LABELS) == EQUIPMENT and tuple(KIND_LABELS) == EXERCISE_KINDS

MUSCLE_CHOICES = [(m.key, m.label) for m in MUSCLE_GROUPS]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ExerciseForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired("Give the exercise a name."),
            Length(max=120, message="Keep the name under 120 characters."),
        ],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    kind = SelectField(
        "Kind", choices=choices(KIND_LABELS.items()), default="weighted", validate_choice=False
    )
    equipment = SelectField(
        "Equipment",
        choices=choices(EQUIPMENT_LABELS.items()),
        default="other",
        validate_choice=False,
    )
    primary = MultiCheckboxField(
        "Main muscle groups", choices=choices(MUSCLE_CHOICES), validate_choice=False
    )
    secondary = MultiCheckboxField(
        "Helping muscle groups (optional, count half)",
        choices=choices(MUSCLE_CHOICES),
        validate_choice=False,
    )
    submit = SubmitField("Save exercise")

    def validate_kind(self, field: SelectField) -> None:
        if field.data not in EXERCISE_KINDS:
            raise ValidationError("Pick a kind from the list.")

    def validate_equipment(self, field: SelectField) -> None:
        if field.data not in EQUIPMENT:
            raise ValidationError("Pick the equipment from the list.")

    def validate_primary(self, field: MultiCheckboxField) -> None:
        _known_muscles(field.data)
        if self.kind.data == "cardio":
            if field.data:
                raise ValidationError(
                    "Cardio exercises carry no muscle groups (the model counts no muscle "
                    "stimulus from them): clear these or pick another kind."
                )
        elif not field.data:
            raise ValidationError("Pick at least one main muscle group.")

    def validate_secondary(self, field: MultiCheckboxField) -> None:
        _known_muscles(field.data)
        if self.kind.data == "cardio" and field.data:
            raise ValidationError("Cardio exercises carry no muscle groups: clear these.")
        both = [m for m in field.data or [] if m in (self.primary.data or [])]
        if both:
            labels = ", ".join(MUSCLES_BY_KEY[m].label for m in both)
            raise ValidationError(f"A muscle group is either main or helping, not both: {labels}.")

    def values(self) -> tuple[ExerciseBase, Muscles]:
        data = ExerciseBase(name=self.name.data, equipment=self.equipment.data, kind=self.kind.data)
        order = [m.key for m in MUSCLE_GROUPS]
        primary = tuple(m for m in order if m in (self.primary.data or []))
        secondary = tuple(m for m in order if m in (self.secondary.data or []))
        return data, Muscles(primary, secondary)


def _known_muscles(keys: list[str] | None) -> None:
    unknown = [k[:20] for k in keys or [] if k not in MUSCLES_BY_KEY]
    if unknown:
        raise ValidationError(f"Unknown muscle group: {', '.join(unknown[:3])}.")


class ExerciseSearchForm(FlaskForm):
    """Finding an exercise by name or muscle group, from the query string."""

    class Meta:
        csrf = False

    q = StringField(
        "Search by name",
        validators=[Length(max=120, message="Keep the search under 120 characters.")],
        filters=[strip],
        render_kw={"type": "search", "autocomplete": "off", "placeholder": "bench, squat, row…"},
    )
    muscle = SelectField(
        "Muscle group",
        choices=choices([("", "Any muscle group"), *MUSCLE_CHOICES]),
        validate_choice=False,
    )

    def validate_muscle(self, field: SelectField) -> None:
        if field.data and field.data not in MUSCLES_BY_KEY:
            raise ValidationError("Pick a muscle group from the list.")


class MusclesEntry(Form):
    """The muscles of one exercise that has none yet."""

    exercise_id = HiddenField()
    primary = MultiCheckboxField("Main muscles", choices=choices(MUSCLE_CHOICES))
    secondary = MultiCheckboxField("Helping muscles (optional)", choices=choices(MUSCLE_CHOICES))


class UnassignedForm(FlaskForm):
    """Muscles for several exercises at once; an exercise left without any stays as it is."""

    entries = FieldList(FormField(MusclesEntry))
    submit = SubmitField("Save the muscles")

    def chosen(self) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]] | None:
        """Exercise id -> (primary, secondary) for the entries given muscles; None with errors
        at the fields when some entry has helping muscles but no main one."""
        result: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        ok = True
        for entry in self.entries:
            form = entry.form
            raw = form.exercise_id.data or ""
            primary = tuple(form.primary.data or ())
            secondary = tuple(m for m in form.secondary.data or () if m not in primary)
            if not raw.isdecimal() or len(raw) > 12:
                form.primary.errors = ["This row is not one of your exercises."]
                ok = False
                continue
            if secondary and not primary:
                form.primary.errors = ["Choose a main muscle too, or leave both empty."]
                ok = False
                continue
            if primary:
                result[int(raw)] = (primary, secondary)
        return result if ok else None
