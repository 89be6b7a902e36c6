"""The client address that rate limits and the audit trail use: behind nginx, the address nginx saw, never what the
client wrote into X-Forwarded-For."""

from __future__ import annotations

import pytest

from renda.core.middleware import client_address

NGINX = ("127.0.0.1/32", "::1/128")


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.5", "", (), "203.0.113.5"),  # no proxy configured: the connection itself
        ("203.0.113.5", "1.2.3.4", (), "203.0.113.5"),  # a client's own header is ignored
        ("127.0.0.1", "198.51.100.7", NGINX, "198.51.100.7"),  # nginx appended the real client
        ("127.0.0.1", "6.6.6.6, 198.51.100.7", NGINX, "198.51.100.7"),  # a forged leftmost entry is not believed
        ("127.0.0.1", "198.51.100.7, 10.0.0.2", ("127.0.0.1/32", "10.0.0.0/8"), "198.51.100.7"),  # two proxies
        ("203.0.113.5", "198.51.100.7", NGINX, "203.0.113.5"),  # not from a trusted proxy: header ignored
        ("127.0.0.1", "garbage, 198.51.100.7", NGINX, "198.51.100.7"),
        ("127.0.0.1", "198.51.100.7, garbage", NGINX, "127.0.0.1"),  # malformed hop: stop at the proxy
        ("127.0.0.1", "", NGINX, "127.0.0.1"),
        ("not-an-ip", "", (), None),
        ("::1", "2001:db8::5", NGINX, "2001:db8::5"),
    ],
)
def test_client_address(remote, forwarded, trusted, expected):
    assert client_address(remote, forwarded, trusted) == expected


@pytest.mark.django_db
def test_one_client_behind_nginx_cannot_exhaust_anothers_limit(client, settings):
    """Two voters behind nginx get their own counters; forging X-Forwarded-For does not give a new one."""
    from renda.core import ratelimit
    from renda.core.context import client_ip
    from renda.core.middleware import RequestContextMiddleware

    settings.RENDA_TRUSTED_PROXIES = ["127.0.0.1"]
    seen = []

    def view(request):
        seen.append(client_ip.get())
        ratelimit.hit(f"test:{client_ip.get()}", 10)
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = RequestContextMiddleware(view)
    from django.test import RequestFactory

    factory = RequestFactory()
    for forged in ["1.1.1.1", "2.2.2.2"]:
        middleware(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7"))
    middleware(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8"))
    assert seen == ["198.51.100.7", "198.51.100.7", "198.51.100.8"]
    assert ratelimit.count("test:198.51.100.7") == 2 and ratelimit.count("test:198.51.100.8") == 1
