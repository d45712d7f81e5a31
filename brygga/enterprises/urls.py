from django.urls import path

from . import views

app_name = "enterprises"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.profile_detail, name="profile"),
    path("support/", views.support_map, name="support_map"),
    path("mine/", views.my_profiles, name="my_profiles"),
    path("organisations/<int:org_pk>/profile/", views.profile_edit, name="profile_edit"),
    path("organisations/<int:org_pk>/years/", views.year_add, name="year_add"),
    path("guidance/", views.guidance_board, name="board"),
    path("guidance/new/", views.case_new, name="case_new"),
    path("guidance/<int:pk>/", views.case_detail, name="case"),
    path("support/offers/", views.offer_list, name="offer_list"),
    path("support/offers/new/", views.offer_edit, name="offer_new"),
    path("support/offers/<int:pk>/", views.offer_edit, name="offer_edit"),
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/graph/", views.partnership_graph, name="partnership_graph"),
    path("partnerships/new/", views.partnership_edit, name="partnership_new"),
    path("partnerships/<int:pk>/", views.partnership_edit, name="partnership_edit"),
    path("procurement/", views.need_list, name="need_list"),
    path("procurement/new/", views.need_new, name="need_new"),
    path("procurement/<int:pk>/", views.need_detail, name="need"),
]
