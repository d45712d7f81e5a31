"""Two-factor authentication with a TOTP app (django-otp): set up a device, then give codes.

After the password, a user who owes a second factor (see
``middleware.TwoFactorMiddleware``) lands here: with a confirmed device they
type its current code; without one they set one up by scanning the QR code
(or typing the key) and confirming with a first code.
"""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .requests import acting_user


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: object, device: TOTPDevice, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.device = device

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(_("The code is not right. Try the current one."))
        return token


def _next_url(request: HttpRequest) -> str:
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return str(settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if device is None:
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "authenticator"}
        )
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if setting_up:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next_url(request))
    context: dict[str, object] = {"form": form, "setting_up": setting_up}
    if setting_up:
        uri = device.config_url
        context["qr_code"] = mark_safe(  # noqa: S308 - segno's own SVG of our own URI
            segno.make(uri, error="m").svg_inline(scale=4, title=str(_("QR code for your app")))
        )
        context["secret"] = _key_in_groups(device)
    return render(request, "registration/two_factor.html", context)


def _key_in_groups(device: TOTPDevice) -> str:
    """The device key in base32, in groups of four for typing into an app by hand."""
    import base64

    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
