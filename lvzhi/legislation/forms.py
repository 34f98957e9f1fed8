"""Forms check shape only; the rules (readings, consultation length, quorum, majority,
approval, deadlines) are the services'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Case, DateField, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import DateInput
from lvzhi.core.i18n import ordinal
from lvzhi.core.models import Organ, OrganMembership, OrganType, Person, Session
from lvzhi.core.uploads import refusal_message
from lvzhi.deputies.xlsx import read_upload

from .lawtext import LawTextError, TooLargeError, parse_text, read_bytes, render_text
from .models import BillVersion, LegislativePlan, Reading, Regulation
from .services import (
    check_article_limit,
    lawtext_read_limits,
    readings_limits,
    readings_out_of_range_message,
)
from .states import (
    BallotChoice,
    BillKind,
    DocumentKind,
    Feasibility,
    PlanCategory,
    PlanKind,
    Priority,
    ProposalSource,
    ProposerKind,
    VoteKind,
)

DATE = DateInput()
TEXT_EXTENSIONS = (".txt", ".md", ".docx")


class OrganChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class ReadingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(_("Reading %(n)s") % {"n": ordinal(obj.number)})


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} · {obj.label}"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} · {obj.start_date:%Y-%m-%d}"


def _organs(*types: str) -> Any:
    return Organ.objects.filter(type__in=types, is_active=True).order_by("type", "sort_order", "id")


#: Meetings that ended longer ago than this are not offered (a reading or a vote is put on the
#: agenda of a coming or sitting meeting, or recorded after a recent one). Half a year: the
#: Standing Committee meets about every two months, and an office that starts using the
#: platform mid-year records the readings of its last few meetings.
RECENT_MEETING_DAYS = 183


def meetings_queryset(today: dt.date | None = None) -> Any:
    """Standing Committee meetings worth offering: those sitting or to come first (soonest
    first), then those that ended in the last :data:`RECENT_MEETING_DAYS` days (latest first)
    — not every meeting since the term began."""
    today = today or timezone.localdate()
    return (
        Session.objects.select_related("term")
        .filter(body="standing_committee", end_date__gte=today - dt.timedelta(days=RECENT_MEETING_DAYS))
        .annotate(
            past=Case(When(end_date__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()),
            ahead=Case(
                When(end_date__lt=today, then=Value(None)), default=F("start_date"), output_field=DateField()
            ),
        )
        .order_by("past", "ahead", "-start_date", "-number")
    )


class TextUploadMixin(forms.Form):
    """A regulation text typed in, or read from a .txt, .md or .docx file by the engine."""

    def clean_text_or_file(self, data: dict[str, Any]) -> str:
        upload = data.get("text_file")
        if upload is not None:
            name = (upload.name or "").lower()
            if not name.endswith(TEXT_EXTENSIONS):
                self.add_error("text_file", _("Upload a .txt, .md or .docx file."))
                return ""
            try:
                content = read_upload(upload)  # at most 20 MB
                text = read_bytes(content, filename=upload.name, limits=lawtext_read_limits())
                doc = parse_text(text)
                check_article_limit(doc)
                return render_text(doc)
            except TooLargeError as exc:
                self.add_error("text_file", refusal_message(exc.what, limit=exc.limit, found=exc.found))
            except LawTextError as exc:
                self.add_error("text_file", str(exc))
            except DomainError as exc:
                self.add_error("text_file", str(exc.message))
            return ""
        return str(data.get("text") or "")


# --- plans and proposals -----------------------------------------------------------------------


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(
        label=_("Year (annual programme)"), required=False, min_value=1990, max_value=2100
    )
    start_year = forms.IntegerField(
        label=_("From year (five-year plan)"), required=False, min_value=1990, max_value=2100
    )
    end_year = forms.IntegerField(
        label=_("To year (five-year plan)"), required=False, min_value=1990, max_value=2100
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted by the council of chairpersons on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the regulation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BillKind.choices)
    regulation = forms.ModelChoiceField(
        label=_("Regulation to amend or repeal"),
        required=False,
        queryset=Regulation.objects.filter(repealed_on__isnull=True),
    )
    source = forms.ChoiceField(label=_("Source"), choices=ProposalSource.choices)
    proposer_name = forms.CharField(label=_("Proposed by (name)"), max_length=200, required=False)
    proposer_organ = OrganChoiceField(
        label=_("Proposing organ"),
        required=False,
        queryset=_organs(
            OrganType.GOVERNMENT,
            OrganType.GOVERNMENT_DEPARTMENT,
            OrganType.SPECIAL_COMMITTEE,
            OrganType.WORKING_BODY,
        ),
    )
    motion = forms.IntegerField(label=_("Motion (id)"), required=False, min_value=1)
    suggestion_id = forms.IntegerField(label=_("Suggestion (id)"), required=False, min_value=1)
    summary = forms.CharField(label=_("Necessity and main content"), widget=forms.Textarea(attrs={"rows": 6}))


class AssessForm(forms.Form):
    feasibility = forms.ChoiceField(
        label=_("Feasibility"), choices=Feasibility.choices, widget=forms.RadioSelect
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Assessment"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class AcceptForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=LegislativePlan.objects.order_by("-year", "-id"))
    category = forms.ChoiceField(label=_("Category"), choices=PlanCategory.choices)
    drafting_unit = OrganChoiceField(
        label=_("Drafting unit"),
        required=False,
        queryset=_organs(
            OrganType.GOVERNMENT,
            OrganType.GOVERNMENT_DEPARTMENT,
            OrganType.SPECIAL_COMMITTEE,
            OrganType.WORKING_BODY,
        ),
    )
    planned_proposer = OrganChoiceField(
        label=_("Planned proposer"),
        required=False,
        queryset=_organs(OrganType.GOVERNMENT, OrganType.SPECIAL_COMMITTEE, OrganType.CHAIRPERSONS_COUNCIL),
    )
    planned_submission = forms.DateField(label=_("Planned submission"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# --- bills -------------------------------------------------------------------------------------


class BillForm(TextUploadMixin):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("E.g. 江澜市养犬管理条例（草案）"))
    kind = forms.ChoiceField(label=_("Kind"), choices=BillKind.choices)
    regulation = forms.ModelChoiceField(
        label=_("Regulation to amend or repeal"),
        required=False,
        queryset=Regulation.objects.filter(repealed_on__isnull=True),
    )
    proposer_kind = forms.ChoiceField(label=_("Proposer"), choices=ProposerKind.choices)
    proposer_organ = OrganChoiceField(
        label=_("Proposing organ"),
        required=False,
        queryset=_organs(OrganType.GOVERNMENT, OrganType.SPECIAL_COMMITTEE, OrganType.CHAIRPERSONS_COUNCIL),
    )
    sponsors = forms.ModelMultipleChoiceField(
        label=_("Sponsoring members"),
        required=False,
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("For a bill tabled jointly by Standing Committee members."),
    )
    drafting_unit = OrganChoiceField(
        label=_("Drafting unit"),
        required=False,
        queryset=_organs(
            OrganType.GOVERNMENT,
            OrganType.GOVERNMENT_DEPARTMENT,
            OrganType.SPECIAL_COMMITTEE,
            OrganType.WORKING_BODY,
        ),
    )
    explanation = forms.CharField(
        label=_("Explanation of the draft (说明)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    text = forms.CharField(
        label=_("Draft text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("The whole draft: title, chapters (第一章 …) and articles (第一条 …)."),
    )
    text_file = forms.FileField(label=_("…or the draft as a file (.txt, .md, .docx)"), required=False)
    project = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, member_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sponsors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Person.objects.filter(pk__in=member_ids or []).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["text"] = self.clean_text_or_file(data)
        return data


class BillEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    explanation = forms.CharField(
        label=_("Explanation of the draft (说明)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    drafting_unit = OrganChoiceField(
        label=_("Drafting unit"),
        required=False,
        queryset=_organs(
            OrganType.GOVERNMENT,
            OrganType.GOVERNMENT_DEPARTMENT,
            OrganType.SPECIAL_COMMITTEE,
            OrganType.WORKING_BODY,
        ),
    )


class VersionForm(TextUploadMixin):
    label = forms.CharField(
        label=_("Label"),
        max_length=60,
        required=False,
        help_text=_("Leave empty for the usual name (草案修改稿 …)."),
    )
    reading = ReadingChoiceField(label=_("For reading"), required=False, queryset=Reading.objects.none())
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 18}))
    text_file = forms.FileField(label=_("…or the text as a file (.txt, .md, .docx)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, bill: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reading"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Reading.objects.filter(bill=bill).order_by("number") if bill else Reading.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["text"] = self.clean_text_or_file(data)
        if not data["text"].strip() and not self.errors:
            self.add_error("text", _("Type the text or upload its file."))
        return data


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File"))


class ReadingsForm(forms.Form):
    """The number of readings, bounded by the bill's rules profile (with its article)."""

    readings = forms.IntegerField(label=_("Number of readings"), min_value=1)
    note = forms.CharField(
        label=_("Decision of the council of chairpersons"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, bill: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits: tuple[int, int, str] | None = None
        if bill is not None:
            low, high, citation = readings_limits(bill)
            self.limits = (low, high, citation)
            field = self.fields["readings"]
            field.widget.attrs.update({"min": low, "max": high})
            field.help_text = _("Between %(min)s and %(max)s (%(basis)s).") % {
                "min": low,
                "max": high,
                "basis": citation,
            }

    def clean_readings(self) -> int:
        n = int(self.cleaned_data["readings"])
        if self.limits is not None:
            low, high, citation = self.limits
            if not low <= n <= high:
                raise forms.ValidationError(readings_out_of_range_message(low, high, citation, n))
        return n


class ScheduleForm(forms.Form):
    session = SessionChoiceField(label=_("Meeting"), queryset=Session.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings_queryset()


class HoldForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    author = OrganChoiceField(
        label=_("From"),
        required=False,
        queryset=_organs(
            OrganType.SPECIAL_COMMITTEE,
            OrganType.WORKING_BODY,
            OrganType.GOVERNMENT,
            OrganType.CHAIRPERSONS_COUNCIL,
        ),
    )
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(label=_("File"), required=False)


class ConsultationForm(forms.Form):
    start = forms.DateField(label=_("Opens on"), widget=DATE)
    end = forms.DateField(label=_("Closes on"), widget=DATE)


class ReviewForm(forms.Form):
    report = forms.CharField(
        label=_("Report on the results of deliberation"), widget=forms.Textarea(attrs={"rows": 8})
    )
    version = VersionChoiceField(label=_("Revised text"), required=False, queryset=BillVersion.objects.none())
    all_adopted = forms.BooleanField(label=_("Every committee opinion was adopted"), required=False)

    def __init__(self, *args: Any, bill: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = BillVersion.objects.filter(bill=bill).order_by("-number") if bill else field.queryset


class OpinionForm(forms.Form):
    committee = OrganChoiceField(
        label=_("Committee"), required=False, queryset=_organs(OrganType.SPECIAL_COMMITTEE)
    )
    opinion = forms.CharField(
        label=_("Opinion not adopted"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [
            bool(data.get("committee")),
            bool((data.get("opinion") or "").strip()),
            bool((data.get("reason") or "").strip()),
        ]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Give the committee, the opinion and the reason."))
        return data


OpinionFormSet = forms.formset_factory(OpinionForm, extra=3, max_num=30)


class VoteOpenForm(forms.Form):
    session = SessionChoiceField(label=_("Meeting"), queryset=Session.objects.none())
    kind = forms.ChoiceField(label=_("Vote on"), choices=VoteKind.choices, initial=VoteKind.WHOLE)
    clause = forms.CharField(
        label=_("Clause (separate vote)"), max_length=60, required=False, help_text=_("E.g. 第十二条")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings_queryset()


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=BallotChoice.choices, widget=forms.RadioSelect)


class BallotsForm(forms.Form):
    """The office records the electronic voting system's result, one choice per member present."""

    def __init__(
        self,
        *args: Any,
        members: list[OrganMembership] | None = None,
        initial_choices: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members or []
        choices = [("", _("did not vote")), *BallotChoice.choices]
        for m in self.members:
            self.fields[f"m{m.pk}"] = forms.ChoiceField(
                label=m.person.name,
                choices=choices,
                required=False,
                initial=(initial_choices or {}).get(m.pk, ""),
            )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: list[OrganMembership] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(m.pk), m.person.name) for m in members or []]


class ApprovalSubmitForm(forms.Form):
    submitted_on = forms.DateField(label=_("Submitted for approval on"), widget=DATE)


class ApprovalForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)
    approving_body = forms.CharField(label=_("Approving body"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RefuseForm(forms.Form):
    on = forms.DateField(label=_("Decided on"), widget=DATE)
    note = forms.CharField(label=_("Decision and reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class PromulgateForm(forms.Form):
    announcement_number = forms.CharField(
        label=_("Announcement number"), max_length=60, help_text=_("E.g. 第12号")
    )
    enacting_body = forms.CharField(label=_("Enacting body"), max_length=200)
    title = forms.CharField(label=_("Title of the regulation"), max_length=200, required=False)
    promulgated_on = forms.DateField(label=_("Promulgated on"), widget=DATE)
    commencement_on = forms.DateField(label=_("In force from"), widget=DATE)


class FilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)
    filed_with = forms.CharField(label=_("Filed with"), max_length=200)
