from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "impact"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("parameters/<int:pk>/", views.parameter_set_detail, name="parameter_set_detail"),
    path("parameters/<int:pk>/copy/", views.parameter_set_copy, name="parameter_set_copy"),
    path("parameters/<int:pk>/values/", views.override_edit, name="override_edit"),
    path("values/<int:pk>/remove/", views.override_remove, name="override_remove"),
    path("scenarios/new/", views.scenario_edit, name="scenario_create"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/run/", views.scenario_run, name="scenario_run"),
    path("scenarios/<int:pk>/delete/", views.scenario_delete, name="scenario_delete"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
    path("results/<int:pk>/report.pdf", views.result_pdf, name="result_pdf"),
    path("results/<int:pk>/accounts.xlsx", views.result_xlsx, name="result_xlsx"),
    path("compare/", views.compare, name="compare"),
    path("participants/<uuid:pk>/", views.participant_account, name="participant_account"),
]
