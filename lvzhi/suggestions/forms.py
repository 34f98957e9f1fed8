"""Forms check shape only; the services check the rules."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DateInput
from lvzhi.core.models import Organ, OrganType, Session, SessionBody
from lvzhi.deputies.models import Deputy
from lvzhi.deputies.states import DeputyStatus

from .models import Channel, ReplyMode, Topic
from .states import AssignmentMode, Rating


class DeputyCodesField(forms.CharField):
    """Co-signers typed as deputy numbers or names, separated by commas, spaces or 、."""

    def __init__(self, *args: Any, term: Any = None, **kwargs: Any) -> None:
        self.term = term
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> list[Deputy]:
        raw = super().clean(value) or ""
        tokens = [t for t in re.split(r"[\s,，、;；]+", raw) if t]
        if not tokens:
            return []
        qs = Deputy.objects.select_related("person").filter(status=DeputyStatus.ACTIVE)
        if self.term is not None:
            qs = qs.filter(term=self.term)
        found: list[Deputy] = []
        missing = []
        for token in tokens:
            match = list(qs.filter(code__iexact=token)[:1]) or list(qs.filter(person__name=token)[:2])
            if len(match) == 1:
                found.append(match[0])
            elif len(match) > 1:
                raise forms.ValidationError(
                    _("Several deputies are called %(n)s: use their deputy numbers.") % {"n": token}
                )
            else:
                missing.append(token)
        if missing:
            raise forms.ValidationError(_("No serving deputy found for: %(t)s") % {"t": "、".join(missing)})
        return found


class SuggestionForm(forms.Form):
    title = forms.CharField(
        label=_("Subject"), max_length=200, widget=forms.TextInput(attrs={"placeholder": _("关于……的建议")})
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    channel = forms.ChoiceField(label=_("When submitted"), choices=Channel.choices, initial=Channel.INTERIM)
    session = forms.ModelChoiceField(
        label=_("Congress session"),
        required=False,
        queryset=Session.objects.filter(body=SessionBody.CONGRESS).order_by("-start_date"),
    )
    body = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One matter per suggestion: the facts, the causes, and concrete proposals."),
    )
    cosigners = DeputyCodesField(
        label=_("Co-signers"),
        required=False,
        help_text=_("Deputy numbers or names, separated by commas. They must confirm."),
    )
    confidential = forms.BooleanField(label=_("Keep confidential"), required=False)
    confidential_reason = forms.CharField(
        label=_("Reason for confidentiality"), max_length=200, required=False
    )
    fast_lane = forms.BooleanField(label=_("Fast lane (直通车)"), required=False)

    def __init__(self, *args: Any, term: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(DeputyCodesField, self.fields["cosigners"]).term = term


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Merge into (number)"), max_length=40)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


def unit_queryset() -> Any:
    from .services import ASSIGNABLE_TYPES

    return (
        Organ.objects.filter(is_active=True, type__in=ASSIGNABLE_TYPES)
        .exclude(type=OrganType.STANDING_COMMITTEE)
        .order_by("type", "sort_order")
    )


class AssignForm(forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=AssignmentMode.choices, initial=AssignmentMode.SOLE)
    lead_unit = forms.ModelChoiceField(
        label=_("Unit (sole or lead)"), queryset=Organ.objects.none(), required=False
    )
    other_units = forms.ModelMultipleChoiceField(
        label=_("Other units (co-handling or separate)"), queryset=Organ.objects.none(), required=False
    )
    parts = forms.CharField(
        label=_("Parts for separate handling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per unit, in the order listed: what each unit answers."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lead_unit"]).queryset = unit_queryset()
        cast(forms.ModelChoiceField, self.fields["other_units"]).queryset = unit_queryset()


class ReturnDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Reassign")), ("0", _("Refuse: the unit handles it"))],
    )
    replacement = forms.ModelChoiceField(label=_("New unit"), queryset=Organ.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["replacement"]).queryset = unit_queryset()


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Co-handling opinion"), widget=forms.Textarea(attrs={"rows": 5}))


class ContactForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    method = forms.CharField(label=_("How"), max_length=40, initial=_("Discussion meeting"))
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionForm(forms.Form):
    until = forms.DateField(label=_("New reply date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    category = forms.ChoiceField(label=_("Result category"))
    content = forms.CharField(label=_("Reply, point by point"), widget=forms.Textarea(attrs={"rows": 10}))
    signer = forms.CharField(label=_("Signed by (unit head)"), max_length=60)
    mode = forms.ChoiceField(label=_("How answered"), choices=ReplyMode.choices)
    commitment = forms.CharField(
        label=_("Commitment (category B)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    commitment_due = forms.DateField(label=_("Promised by"), required=False, widget=DateInput())

    def __init__(self, *args: Any, categories: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        english = (get_language() or "").startswith("en")
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            (c["code"], f"{c['code']} · {c.get('label_en' if english else 'label_zh', '')}")
            for c in categories or []
        ]


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(label=_("Your rating"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class KeyForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Supervising committee"),
        queryset=Organ.objects.filter(type__in=[OrganType.SPECIAL_COMMITTEE, OrganType.WORKING_BODY]),
    )
    decided_on = forms.DateField(label=_("Decided by the council of chairpersons on"), widget=DateInput())


class ProgressForm(forms.Form):
    progress = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))
    delivered = forms.BooleanField(label=_("Delivered"), required=False)
