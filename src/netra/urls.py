from django.contrib import admin
from django.urls import include, path

from netra.api.urls import api

urlpatterns = [
    path("", include("netra.core.urls")),
    path("accounts/", include("netra.accounts.urls")),
    path("regions/", include("netra.regions.urls")),
    path("organisations/", include("netra.orgs.urls")),
    path("elections/", include("netra.elections.urls")),
    path("cases/", include("netra.cases.urls")),
    path("imports/", include("netra.imports.urls")),
    path("notifications/", include("netra.notifications.urls")),
    path("knowledge/", include("netra.knowledge.urls")),
    path("portal/", include("netra.portal.urls")),
    path("monitoring/", include("netra.monitoring.urls")),
    path("prevention/", include("netra.prevention.urls")),
    path("questionnaires/", include("netra.questionnaires.urls")),
    path("risk/", include("netra.risk.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Netra"
