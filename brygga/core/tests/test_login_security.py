"""Login protections with the real settings: argon2, lockout, second factor, headers."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from brygga.core.models import Organisation, Role, User
from conftest import PASSWORD, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.security]


def log_in(client: Client, username: str, password: str = PASSWORD) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password})


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_passwords_are_hashed_with_argon2(alice: User) -> None:
    assert alice.password.startswith("argon2$argon2id$")


def test_five_failures_lock_the_user_name_even_against_the_right_password(alice: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "alice", "wrong")
        assert response.status_code == 200  # type: ignore[attr-defined]
    assert log_in(client, "alice", "wrong").status_code == 429  # type: ignore[attr-defined]
    locked = log_in(client, "alice")
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session
    # Another user at the same address is not locked out.
    make_user("beata", alice.organisations.get(), Role.CASE_WORKER)
    assert log_in(Client(), "beata").status_code == 302  # type: ignore[attr-defined]


def test_a_success_before_the_limit_resets_the_count(alice: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "alice", "wrong")
    assert log_in(client, "alice").status_code == 302  # type: ignore[attr-defined]
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "alice", "wrong")
    assert log_in(client, "alice").status_code == 302  # type: ignore[attr-defined]


def test_an_org_admin_sets_up_a_second_factor_before_anything_else(adam: User) -> None:
    client = Client()
    log_in(client, "adam")
    response = client.get("/participants/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    setup = client.get(response["Location"])
    assert setup.context["setting_up"] and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=adam, confirmed=False)

    wrong = client.post("/accounts/two-factor/?next=/participants/", {"token": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # wrong codes slow down guessing
    device.throttle_reset()  # a person types the next code after more than the 1 s wait
    right = client.post(
        "/accounts/two-factor/?next=/participants/", {"token": current_code(device)}
    )
    assert right["Location"] == "/participants/"
    assert client.get("/participants/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # Next login: the code is asked for, not a new set-up.
    client = Client()
    log_in(client, "adam")
    ask = client.get("/accounts/two-factor/")
    assert not ask.context["setting_up"]


def test_a_case_worker_without_a_device_is_not_asked(alice: User) -> None:
    client = Client()
    log_in(client, "alice")
    assert client.get("/participants/").status_code == 200


def test_an_auditor_needs_the_second_factor_too(boden: Organisation) -> None:
    make_user("audrey", boden, Role.AUDITOR)
    client = Client()
    assert log_in(client, "audrey").status_code == 302  # type: ignore[attr-defined]
    response = client.get("/audit/")
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith("/accounts/two-factor/")


def test_pages_carry_a_strict_content_security_policy_and_security_headers(alice: User) -> None:
    response = Client().get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_the_deployment_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "brygga.example.org",
        "BRYGGA_VAR_DIR": str(tmp_path),
        "BRYGGA_ENCRYPTION_KEYS": "k1:" + base64.b64encode(b"k" * 32).decode(),
        "BRYGGA_LOOKUP_KEY": base64.b64encode(b"l" * 32).decode(),
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_COOKIES"):
        environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "brygga.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    del environment["BRYGGA_LOOKUP_KEY"]
    derived = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "brygga.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert derived.returncode == 1 and "brygga.W001" in derived.stderr


def test_a_shared_redis_cache_is_used_when_cache_url_is_set() -> None:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    code = (
        "import django; django.setup(); from django.core.cache import caches;"
        "cache = caches['default']; cache.set('brygga-test', 42, 5);"
        "print(type(cache).__name__, cache.get('brygga-test'))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "brygga.settings",
            "CACHE_URL": "redis://127.0.0.1:6379/15",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["RedisCache", "42"], result.stderr
