from django.urls import path

from .views import api

app_name = "ingest"
urlpatterns = [
    path("staff-api/v1/reports/", api.reports, name="api_reports"),
]
