"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from django.test import Client

from office.demo import DEMO_PASSWORD, load_demo
from office.models import User

#: One demo account per role (and the principal / deputy split of leaders).
DEMO_ROLES = {
    "principal": "wangjianguo",
    "deputy": "liminghua",
    "office": "zhouting",
    "dept_head": "zhoujianhua",
    "staff": "qianli",
    "sysadmin": "sysadmin",
    "secadmin": "secadmin",
    "auditor": "auditor",
}


@pytest.fixture
def demo(db):
    """The demo organ, loaded through the same command users run."""
    load_demo()
    return {role: User.objects.get(username=username) for role, username in DEMO_ROLES.items()}


@pytest.fixture
def demo_people(db, monkeypatch):
    """The demo organ's units and people without its documents (a third of the time).

    For tests about accounts, logins and admin, which no 收文 or 发文 concerns. Modules
    that need nothing more override ``demo`` with it.
    """
    monkeypatch.setattr("documents.demo.load", lambda: 0)
    load_demo()
    return {role: User.objects.get(username=username) for role, username in DEMO_ROLES.items()}


@pytest.fixture
def login():
    """``login(user)`` → a test client logged in as that user, through the login form."""

    def _login(user: User, password: str = DEMO_PASSWORD) -> Client:
        client = Client()
        response = client.post("/accounts/login/", {"username": user.username, "password": password})
        assert response.status_code == 302, f"login of {user.username} failed"
        return client

    return _login
