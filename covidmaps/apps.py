from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CovidmapsConfig(AppConfig):
    name = "covidmaps"
    verbose_name = "covidmaps"


class CovidmapsAdminConfig(AdminConfig):
    default_site = "covidmaps.admin_site.CovidmapsAdminSite"
