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
