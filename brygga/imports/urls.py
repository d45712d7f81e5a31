from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("<uuid:pk>/", views.import_detail, name="import_detail"),
    path("<uuid:pk>/progress/", views.import_progress, name="import_progress"),
    path("<uuid:pk>/errors.csv", views.import_errors, name="import_errors"),
]
