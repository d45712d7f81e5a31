from django.urls import path

from brygga.taxonomy import competence as competence_views

from . import views

app_name = "people"
urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("new/", views.participant_create, name="participant_create"),
    path("<uuid:pk>/", views.participant_detail, name="participant_detail"),
    path("<uuid:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("<uuid:pk>/reason/", views.access_reason, name="access_reason"),
    path("<uuid:pk>/export.<str:fmt>", views.data_export, name="data_export"),
    path("<uuid:pk>/erase/", views.erase, name="erase"),
    path("<uuid:pk>/competence/", competence_views.competence_edit, name="competence_edit"),
    path("<uuid:pk>/consents/", views.consent_list, name="consent_list"),
    path(
        "<uuid:pk>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
