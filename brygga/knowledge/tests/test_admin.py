from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from brygga.core.models import Organisation, User
from brygga.knowledge.models import InquiryRoute


def test_a_platform_admin_routes_inquiries(client: Client, boden: Organisation) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", "pw-pw-pw-pw-pw")
    client.force_login(admin)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # as after a verified second factor
    session.save()
    InquiryRoute.objects.create(organisation=boden, municipality="Boden")
    for path in [
        "/admin/knowledge/inquiryroute/",
        "/admin/knowledge/network/",
        "/admin/enterprises/enterpriseprofile/",
        "/admin/enterprises/supportoffer/",
    ]:
        assert client.get(path, secure=True).status_code == 200, path
