from django.apps import AppConfig


class CovidmapsConfig(AppConfig):
    name = "covidmaps"
    verbose_name = "covidmaps"
