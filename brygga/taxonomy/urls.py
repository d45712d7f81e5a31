from django.urls import path

from . import views

app_name = "taxonomy"
urlpatterns = [
    path("search/", views.concept_search, name="concept_search"),
    path("row/", views.chosen_row, name="chosen_row"),
    path("row/removed/", views.removed_row, name="removed_row"),
]
