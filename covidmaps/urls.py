from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from alerts.urls import area_feeds as alerts_feeds

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ops.urls")),
    path("", include("ingest.urls")),
]
# Vietnamese at the root, the same pages in English under /en/.
urlpatterns += i18n_patterns(
    path("", include("public.urls")),
    path("", include("public.notices_urls")),
    path("", include("alerts.urls")),
    path("", include(alerts_feeds)),
    prefix_default_language=False,
)
