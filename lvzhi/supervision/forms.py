"""Forms check shape only; the services check the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DateInput
from lvzhi.core.models import HANDLING_TYPES, Organ

from .states import ActivityKind, AnswerMode, Form, ProblemType, TeamRole

DATE = DateInput()


def body_queryset() -> Any:
    return Organ.objects.filter(type__in=[t.value for t in HANDLING_TYPES], is_active=True).order_by(
        "sort_order", "id"
    )


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)


class DateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)


class ItemForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=Form.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.ModelChoiceField(label=_("Supervised body"), queryset=Organ.objects.none())
    meeting_date = forms.DateField(label=_("Meeting date"), required=False, widget=DATE)
    summary = forms.CharField(
        label=_("Subject and aims"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = body_queryset()


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}))


class QuestionForm(forms.Form):
    asker = forms.CharField(label=_("Asked by"), max_length=60)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    official = forms.CharField(label=_("Answering official"), required=False, max_length=100)
    date = forms.DateField(label=_("Date"), widget=DATE)


class AnswerForm(forms.Form):
    mode = forms.ChoiceField(label=_("Answer mode"), choices=AnswerMode.choices)
    official = forms.CharField(label=_("Answering official"), max_length=100)
    content = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label=_("Date"), widget=DATE)


class TextDateForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    date = forms.DateField(label=_("Date"), widget=DATE)


class ResolutionForm(TextDateForm):
    due = forms.DateField(label=_("Execution report due"), widget=DATE)


class TaskForm(forms.Form):
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 2}))
    problem_type = forms.ChoiceField(label=_("Problem type"), choices=ProblemType.choices)
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Organ.objects.none())
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    milestone = forms.CharField(label=_("First milestone"), required=False, max_length=200)
    milestone_due = forms.DateField(label=_("Milestone due"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = body_queryset()


class SubjectForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE)


class ResultForm(forms.Form):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}))


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class ExtensionForm(forms.Form):
    until = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Verification"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Rectified")), ("0", _("Not rectified"))],
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
