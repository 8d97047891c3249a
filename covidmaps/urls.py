from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ops.urls")),
    path("", include("ingest.urls")),
    path("", include("risk.urls")),
]
# Vietnamese at the root, the same pages in English under /en/.
urlpatterns += i18n_patterns(
    path("", include("public.urls")),
    path("", include("notices.urls")),
    prefix_default_language=False,
)
