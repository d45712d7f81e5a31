from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.opportunity_list, name="opportunity_list"),
    path("new/", views.opportunity_create, name="opportunity_create"),
    path("<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path(
        "participants/<uuid:pk>/suggestions/",
        views.participant_suggestions,
        name="participant_suggestions",
    ),
    path("participants/<uuid:pk>/refer/<int:opportunity_pk>/", views.refer, name="refer"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/answer/", views.referral_answer, name="referral_answer"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path("allocations/", views.allocation_list, name="allocation_list"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation_detail"),
]
