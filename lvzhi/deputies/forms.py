"""Forms check shape only; rules are checked by the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lvzhi.core.forms import DateInput
from lvzhi.core.models import Gender

from .models import Delegation, DeputyGroup, ElectoralUnit, LiaisonStation, Sector
from .states import DeputyStatus


class DeputyForm(forms.Form):
    code = forms.CharField(label=_("Deputy number"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=60)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=20, required=False)
    party = forms.CharField(label=_("Political affiliation"), max_length=40, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    workplace = forms.CharField(label=_("Workplace and position"), max_length=200, required=False)
    electoral_unit = forms.ModelChoiceField(label=_("Electoral unit"), queryset=ElectoralUnit.objects.none())
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.none())
    group = forms.ModelChoiceField(label=_("Group"), queryset=DeputyGroup.objects.none(), required=False)
    station = forms.ModelChoiceField(
        label=_("Liaison station"), queryset=LiaisonStation.objects.all(), required=False
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)

    PERSON_FIELDS = (
        "name",
        "gender",
        "birth_date",
        "ethnicity",
        "party",
        "id_number",
        "phone",
        "email",
        "workplace",
    )
    DEPUTY_FIELDS = ("code", "electoral_unit", "delegation", "group", "station", "sector")

    def __init__(self, *args: Any, term: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if term is not None:
            cast(
                forms.ModelChoiceField, self.fields["electoral_unit"]
            ).queryset = ElectoralUnit.objects.filter(term=term)
            cast(forms.ModelChoiceField, self.fields["delegation"]).queryset = Delegation.objects.filter(
                term=term
            )
            cast(forms.ModelChoiceField, self.fields["group"]).queryset = DeputyGroup.objects.filter(
                delegation__term=term
            ).select_related("delegation")

    def person_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.PERSON_FIELDS}
        data["id_number"] = (data["id_number"] or "").strip().upper() or None
        return data

    def deputy_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.DEPUTY_FIELDS}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=DeputyStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    date = forms.DateField(label=_("Effective date"), widget=DateInput())


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Roster workbook (.xlsx)"))
