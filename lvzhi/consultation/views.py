"""Staff pages of public consultation (being written)."""

from django.http import Http404, HttpRequest, HttpResponse


def analyse(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def campaign_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def close(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def comment_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def comment_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def comments_import(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def consultation_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def consultation_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def consultation_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def extend(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def feedback(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def import_template(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def letter_enter(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def moderation_queue(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def report_docx(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def report_xlsx(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def sms_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def theme_decide(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def theme_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404

