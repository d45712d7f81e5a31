from django.urls import path

from . import views

app_name = "journeys"
urlpatterns = [
    path("participants/<uuid:participant_pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/activities/new/", views.activity_add, name="activity_add"),
    path("enrolments/<int:pk>/assessments/new/", views.assessment_add, name="assessment_add"),
    path("enrolments/<int:pk>/exit/", views.exit_enrolment, name="exit"),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", views.follow_up_complete, name="follow_up_complete"),
]
