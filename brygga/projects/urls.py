from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("import/", views.record_import, name="record_import"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/record.<str:fmt>", views.record_export, name="record_export"),
    path("<int:pk>/funders/new/", views.funder_add, name="funder_add"),
    path("<int:pk>/funding/", views.funding_set, name="funding_set"),
    path("<int:pk>/budget/new/", views.budget_line_add, name="budget_line_add"),
    path("<int:pk>/costs/new/", views.cost_add, name="cost_add"),
    path("<int:pk>/esf/", views.esf_report, name="esf_report"),
    path("<int:pk>/esf/incomplete/", views.esf_incomplete, name="esf_incomplete"),
    path("<int:pk>/esf/entities/", views.supported_entities, name="supported_entities"),
    path("<int:pk>/esf/entities/new/", views.supported_entity_add, name="supported_entity_add"),
    path(
        "<int:pk>/esf/entities/<int:entity_pk>/remove/",
        views.supported_entity_remove,
        name="supported_entity_remove",
    ),
    path("<int:pk>/esf/estimates/", views.estimates, name="estimates"),
    path("<int:pk>/esf/estimates/new/", views.estimate_add, name="estimate_add"),
    path(
        "<int:pk>/esf/estimates/<int:estimate_pk>/remove/",
        views.estimate_remove,
        name="estimate_remove",
    ),
    path("enrolments/<int:enrolment_pk>/entry/", views.entry_situation, name="entry_situation"),
    path("<int:pk>/follow-up/", views.follow_up_report, name="follow_up_report"),
    path("<int:pk>/dashboard/", views.project_dashboard, name="dashboard"),
    path(
        "organisations/<int:pk>/dashboard/",
        views.organisation_dashboard,
        name="organisation_dashboard",
    ),
    path(
        "participants/<uuid:participant_pk>/special-data/",
        views.special_data,
        name="special_data",
    ),
]
