from urllib.parse import quote

from django.shortcuts import redirect

from zhenxing.orgs.access import actor_for

OPEN_PREFIXES = ("/login/", "/static/", "/api/", "/healthz")


class LoginRequiredMiddleware:
    """Every page needs a signed-in user; the API answers 401 itself. Attaches `request.actor`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = actor_for(request.user)
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect(f"/login/?next={quote(request.get_full_path())}")
        return self.get_response(request)
