"""Forms check shape only; the rules (thresholds, cut-off, eligibility) are the services'."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Organ, Session, Term
from lvzhi.deputies.models import Deputy

from .selectors import deputies_by_tokens

_SPLIT = re.compile(r"[\s,，、;；]+")


def split_tokens(raw: str) -> list[str]:
    """Deputy numbers or names typed into one box, separated by spaces, commas or new lines."""
    return [t for t in _SPLIT.split(raw or "") if t][:200]


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.title


class MotionForm(forms.Form):
    session = SessionChoiceField(
        label=_("Addressed to"),
        queryset=Session.objects.none(),
        help_text=_("The congress session or Standing Committee meeting."),
    )
    title = forms.CharField(label=_("Subject (案由)"), max_length=200)
    reason = forms.CharField(label=_("Grounds (案据)"), widget=forms.Textarea(attrs={"rows": 6}))
    proposal = forms.CharField(label=_("Proposal (方案)"), widget=forms.Textarea(attrs={"rows": 6}))
    is_legislative = forms.BooleanField(
        label=_("Legislative motion"),
        required=False,
        widget=forms.CheckboxInput(attrs={"style": "align-self: flex-start"}),
    )
    draft_outline = forms.CharField(
        label=_("Draft or outline of the regulation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Required for a legislative motion unless you attach the draft as a file."),
    )
    draft_file = forms.FileField(label=_("Draft regulation (file)"), required=False)
    cosigners = forms.CharField(
        label=_("Co-signers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "id": "id_cosigners"}),
        help_text=_(
            "Deputy numbers (or names), separated by spaces or commas. Each will be asked to confirm."
        ),
    )

    def __init__(
        self, *args: Any, sessions: list[Session] | None = None, term: Term | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.term = term
        ids = [s.pk for s in sessions or []]
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Session.objects.select_related("term").filter(pk__in=ids).order_by("start_date")
        self.cosigner_deputies: list[Deputy] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        session = data.get("session")
        term = session.term if session is not None else self.term
        tokens = split_tokens(data.get("cosigners", ""))
        if term is not None and tokens:
            found, unknown = deputies_by_tokens(term=term, tokens=tokens)
            if unknown:
                self.add_error(
                    "cosigners",
                    _("No single deputy of this term matches: %(list)s") % {"list": "、".join(unknown)},
                )
            self.cosigner_deputies = found
        return data


class DecisionForm(forms.Form):
    DECISION_CHOICES = [
        ("list", _("Put on the agenda")),
        ("not_list", _("Not on the agenda: refer to a committee for a report")),
        ("convert", _("Convert into a suggestion")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Organ.objects.none(),
        required=False,
        help_text=_("Deliberates the motion, or reports on it if not on the agenda."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, committees: list[Organ] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organ.objects.filter(pk__in=[c.pk for c in committees or []])


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Committee report"), widget=forms.Textarea(attrs={"rows": 10}))


class VoteForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("passed", _("Passed")), ("failed", _("Not passed"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    deputy = forms.IntegerField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
