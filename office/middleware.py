"""Language choice: Simplified Chinese unless the user switched to English.

Django's LocaleMiddleware would follow the browser's Accept-Language; an organ's
intranet system speaks Chinese by default whatever browser it is opened in, and
English only for those who pick it (the choice is kept in the language cookie).
"""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class PasswordPolicyMiddleware:
    """Every page leads to the change-password page while the password must be changed.

    A new account, one an administrator reset (when a known password was set) or an expired
    password: until the user has chosen a new one, only the change-password page, logging out,
    static files, the language switch and the health check answer. Checked once, at login
    (:func:`office.passwords.on_login`; a reset makes the password unusable, which ends the
    user's sessions anyway), which also tells the user who last reset the password and when.
    """

    SESSION_KEY = "sanban_password"  # the same as office.passwords.SESSION_KEY

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.urls import reverse

        from office import passwords

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        stored = request.session.get(self.SESSION_KEY)
        if not stored or stored[0] != user.pk:
            # Set at login (office.passwords.on_login); a session from before then is checked here.
            status = passwords.password_status(user)
            notice = passwords.password_reset_notice(user=user)
            if notice:
                messages.warning(request, notice)
            stored = [user.pk, status]
            request.session[self.SESSION_KEY] = stored
        if stored[1] == passwords.OK:
            return self.get_response(request)
        change_url = reverse("office:password_change")
        allowed = (change_url, reverse("logout"), reverse("set_language"), reverse("healthz"))
        static = (settings.STATIC_URL or "/static/")
        if request.path in allowed or request.path.startswith(static):
            return self.get_response(request)
        return redirect(change_url)
