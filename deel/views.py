from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    """200 with the state of the database (and the broker when one is configured)."""
    status = {"database": "ok"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  (any failure means: not healthy)
        status["database"] = "error"
        code = 503
    return JsonResponse(status, status=code)
