from django.urls import URLPattern, URLResolver

app_name = "enterprises"
urlpatterns: list[URLPattern | URLResolver] = []
