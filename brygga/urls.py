from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from brygga.api.urls import api
from brygga.core import two_factor
from brygga.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.two_factor, name="two_factor"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("participants/", include("brygga.people.urls")),
    path("journeys/", include("brygga.journeys.urls")),
    path("projects/", include("brygga.projects.urls")),
    path("enterprises/", include("brygga.enterprises.urls")),
    path("matching/", include("brygga.matching.urls")),
    path("taxonomy/", include("brygga.taxonomy.urls")),
    path("impact/", include("brygga.impact.urls")),
    path("knowledge/", include("brygga.knowledge.urls")),
    path("imports/", include("brygga.imports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
