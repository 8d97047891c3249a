"""The public site, in Vietnamese at the root and in English under /en/ (included through i18n_patterns)."""

from django.urls import path

from . import api
from .views import area, information, pages, published

urlpatterns = [
    path("", pages.home, name="home"),
    path("tim-kiem/", pages.search, name="search"),
    path("khu-vuc/<str:code>/", area.area_detail, name="area"),
    path("bien-phap/", information.measures, name="measures"),
    path("phuong-phap/", information.method, name="method"),
    path("du-lieu-mo/", information.open_data, name="open-data"),
    path("api/v1/levels.json", api.levels_json, name="api-levels-json"),
    path("api/v1/levels.csv", api.levels_csv, name="api-levels-csv"),
    path("api/v1/areas.geojson", api.areas_geojson, name="api-areas-geojson"),
    path("api/v1/areas/<str:code>.json", api.area_json, name="api-area-json"),
    path("api/v1/forecast.json", api.forecast_json, name="api-forecast-json"),
    path("published/<str:name>", published.published_file, name="published-file"),
]
