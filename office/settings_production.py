"""Production settings: ``DJANGO_SETTINGS_MODULE=office.settings_production``.

Everything of ``office.settings`` (read from the environment), and the values a deployment
behind HTTPS needs, so that ``manage.py check --deploy`` is clean. Each can still be turned
by its environment variable (README, "生产部署 / Production settings"); ``SECRET_KEY`` and
``ALLOWED_HOSTS`` must be given.
"""

from office.settings import *  # noqa: F403
from office.settings import env

DEBUG = False

# TLS ends at the organ's reverse proxy, which forwards X-Forwarded-Proto (and must overwrite
# one sent by the client). Set SANBAN_BEHIND_TLS_PROXY=false when gunicorn itself speaks TLS.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SANBAN_BEHIND_TLS_PROXY", default=True) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# /healthz is asked by the load balancer over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# HSTS: a year, the organ's sub-domains too, and eligible for the browsers' preload list.
# An organ whose sub-domains are not all on HTTPS sets SECURE_HSTS_INCLUDE_SUBDOMAINS=false
# (and SECURE_HSTS_PRELOAD=false: the preload list requires sub-domains).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
