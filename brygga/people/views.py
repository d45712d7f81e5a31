from django.http import HttpRequest, HttpResponse


def participant_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
