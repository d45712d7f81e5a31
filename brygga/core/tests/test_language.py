from django.test import Client


def test_swedish_is_the_default_whatever_the_browser_says(client: Client, db: None) -> None:
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "sv"


def test_the_language_switcher_changes_the_language(client: Client, db: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/healthz"})
    assert response.status_code == 302
    assert client.get("/healthz")["Content-Language"] == "en"


def test_an_unknown_language_falls_back_to_swedish(client: Client, db: None) -> None:
    client.cookies["django_language"] = "xx"
    assert client.get("/healthz")["Content-Language"] == "sv"
