from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("new/", views.participant_create, name="participant_create"),
    path("<uuid:pk>/", views.participant_detail, name="participant_detail"),
]
