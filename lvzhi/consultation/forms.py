"""Forms of the staff pages check shape only; the rules (window length, states, reasons,
import rows) are the services' and arrive as :class:`DomainError`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lvzhi.core.forms import DateInput
from lvzhi.core.models import Organ, OrganType
from lvzhi.deputies.models import LiaisonStation, StationKind
from lvzhi.legislation.models import Bill, BillVersion

from . import selectors
from .models import MAX_COMMENT_CHARS
from .services import ArticleInfo
from .states import IMPORT_CHANNELS, Channel, Decision, Moderation, ModerationReason

DATE = DateInput()


def contact_points() -> Any:
    return LiaisonStation.objects.filter(kind=StationKind.CONTACT_POINT).order_by("name")


def district_congresses() -> Any:
    return Organ.objects.filter(type=OrganType.DISTRICT_CONGRESS).order_by("code", "name")


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.bill.title} · {obj.label or obj.number}"


class ConsultationForm(forms.Form):
    bill = forms.ModelChoiceField(label=_("Bill"), queryset=Bill.objects.none())
    version = VersionChoiceField(
        label=_("Text consulted on"),
        queryset=BillVersion.objects.none(),
        required=False,
        empty_label=_("The bill's latest version"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    explanation = forms.CharField(label=_("Explanation (说明)"), widget=forms.Textarea(attrs={"rows": 6}))
    start = forms.DateField(label=_("Opens on"), widget=DATE)
    end = forms.DateField(
        label=_("Closes after"), widget=DATE, help_text=_("Comments are taken until the end of this day.")
    )
    invite_deputies = forms.BooleanField(
        label=_("Send the draft to the city's deputies"), required=False, initial=True
    )
    contact_points = forms.ModelMultipleChoiceField(
        label=_("Grassroots legislative contact points"),
        queryset=LiaisonStation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("District congresses"),
        queryset=Organ.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bills = selectors.bills_ready_for_consultation()
        cast(forms.ModelChoiceField, self.fields["bill"]).queryset = bills
        cast(forms.ModelChoiceField, self.fields["version"]).queryset = (
            BillVersion.objects.filter(bill__in=bills).select_related("bill").order_by("-bill_id", "-number")
        )
        cast(forms.ModelChoiceField, self.fields["contact_points"]).queryset = contact_points()
        cast(forms.ModelChoiceField, self.fields["districts"]).queryset = district_congresses()


class DecisionForm(forms.Form):
    """The reason is required by the service (its message names the rule)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=[("", "—"), *Decision.choices], required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ThemeDecisionForm(DecisionForm):
    summary = forms.CharField(
        label=_("What the comments ask"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ModerationForm(forms.Form):
    moderation = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (Moderation.PUBLISHED, pgettext_lazy("moderation", "Publish")),
            (Moderation.REMOVED, _("Set aside")),
        ],
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *ModerationReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class LetterForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("consultation", "Comment"),
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    article = forms.ChoiceField(label=_("Article"), required=False)
    paragraph = forms.IntegerField(label=_("Paragraph"), required=False, min_value=1, max_value=999)
    name = forms.CharField(label=_("Name"), required=False, max_length=40)
    contact = forms.CharField(label=_("Contact (e-mail or phone)"), required=False, max_length=120)
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DATE)

    def __init__(self, *args: Any, articles: dict[str, ArticleInfo], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["article"]).choices = [
            ("", _("The draft as a whole")),
            *((a.key, a.label) for a in articles.values()),
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Sheet (.xlsx)"))
    channel = forms.ChoiceField(
        label=_("The sheet comes from"), choices=[(c.value, c.label) for c in IMPORT_CHANNELS]
    )
    source_station = forms.ModelChoiceField(
        label=_("Contact point"), queryset=LiaisonStation.objects.none(), required=False
    )
    source_organ = forms.ModelChoiceField(
        label=_("District congress"), queryset=Organ.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["source_station"]).queryset = contact_points()
        cast(forms.ModelChoiceField, self.fields["source_organ"]).queryset = district_congresses()
        self.fields["channel"].initial = Channel.CONTACT_POINT


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing early"), required=False, max_length=500)


class ExtendForm(forms.Form):
    end = forms.DateField(label=_("New closing day"), widget=DATE)


class FeedbackForm(forms.Form):
    summary = forms.CharField(
        label=_("How the comments were taken into account (征求意见情况)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
