"""The public site, in Vietnamese at the root and in English under /en/ (included through i18n_patterns)."""

from django.urls import path

from . import api
from .views import area, finding, information, levelstyle, outreach, pages, published

urlpatterns = [
    path("", pages.home, name="home"),
    path("tim-kiem/", pages.search, name="search"),
    path("tim-kiem/goi-y/", finding.suggestions, name="search-suggestions"),
    path("tim-kiem/vi-tri/", finding.locate, name="search-locate"),
    path("mau-cap-do.css", levelstyle.level_colours, name="level-colours"),
    path("khu-vuc/<str:code>/", area.area_detail, name="area"),
    path("khu-vuc/<str:code>/lich-su.csv", area.area_history_csv, name="area-history-csv"),
    path("bien-phap/", information.measures, name="measures"),
    path("phuong-phap/", information.method, name="method"),
    path("du-lieu-mo/", information.open_data, name="open-data"),
    path("api/v1/levels.json", api.levels_json, name="api-levels-json"),
    path("api/v1/levels.csv", api.levels_csv, name="api-levels-csv"),
    path("api/v1/areas.geojson", api.areas_geojson, name="api-areas-geojson"),
    path("api/v1/areas/<str:code>.json", api.area_json, name="api-area-json"),
    path("api/v1/forecast.json", api.forecast_json, name="api-forecast-json"),
    path("published/<str:name>", published.published_file, name="published-file"),
    path("khu-vuc/<str:code>/ap-phich.pdf", outreach.area_poster, name="area-poster"),
    path("khu-vuc/<str:code>/ap-phich-xa.pdf", outreach.district_poster, name="area-district-poster"),
    path("khu-vuc/<str:code>/phat-thanh/", outreach.loudspeaker, name="area-loudspeaker"),
    path("khu-vuc/<str:code>/phat-thanh.txt", outreach.loudspeaker_txt, name="area-loudspeaker-txt"),
    path("khu-vuc/<str:code>/nhung/", outreach.embed, name="area-embed"),
    path("khu-vuc/<str:code>/huy-hieu.svg", outreach.badge, name="area-badge"),
    path("khu-vuc/<str:code>/anh.png", outreach.share_image, name="area-share-image"),
]
