from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.centre, name="centre"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/new/", views.item_edit, name="item_new"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("networks/", views.network_list, name="network_list"),
    path("networks/new/", views.network_new, name="network_new"),
    path("networks/<int:pk>/", views.network_detail, name="network"),
    path("networks/<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("networks/<int:pk>/documents/new/", views.document_add, name="document_add"),
    path(
        "networks/<int:pk>/documents/<int:doc_pk>/",
        views.document_download,
        name="document",
    ),
    path("networks/<int:pk>/members/", views.member_add, name="member_add"),
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("inquiries/", views.inquiry_list, name="inquiry_list"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry"),
]
