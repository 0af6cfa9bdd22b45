"""CORS and read-only methods for the open API (/api/…) and the bulk download (/downloads/…).

Any origin may read (Access-Control-Allow-Origin: *, never with credentials); only GET, HEAD and
OPTIONS are answered, a preflight OPTIONS directly. An error page Django renders as HTML under these
prefixes (an unknown URL, an unexpected exception) becomes a JSON error, so a client always gets JSON.
Admin and HTML pages are untouched.
"""

from django.http import HttpResponse, JsonResponse

OPEN_PREFIXES = ("/api/", "/downloads/")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
PREFLIGHT_MAX_AGE = 86400

_ERROR_MESSAGES = {404: "没有这个接口或对象", 405: "只接受 GET、HEAD 和 OPTIONS 请求", 500: "服务器内部错误"}


class OpenApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            del response["Content-Type"]
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "*"
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        elif request.method not in ("GET", "HEAD"):
            response = _json_error(405)
        else:
            response = self.get_response(request)
            if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
                "application/json"
            ):
                response = _json_error(response.status_code)
        if response.status_code in (204, 405):
            response["Allow"] = ALLOWED_METHODS
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _json_error(status: int) -> JsonResponse:
    message = _ERROR_MESSAGES.get(status, "请求有误")
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
