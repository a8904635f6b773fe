"""Dashboard and health check. The dashboard's widgets are registered by the apps
(``core.slots``, slot ``core.home``)."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from netra.core.charts import chart_download, dashboard_charts


@login_required
def home(request):
    # ?chart=<key>&format=png|svg: one of the dashboard's charts as a picture.
    download = chart_download(
        request, lambda key: {c.key: c for c in dashboard_charts(request.user)}.get(key))
    if download is not None:
        return download
    return render(request, "core/home.html")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
