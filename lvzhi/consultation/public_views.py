"""Public pages of consultation (being written)."""

from django.http import Http404, HttpRequest, HttpResponse


def comment_submit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def consultation_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def consultation_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def feedback(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def receipt_lookup(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404

