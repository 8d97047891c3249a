from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import Adjacency, Area


@admin.register(Area)
class AreaAdmin(LeafletGeoAdmin):
    list_display = ["code", "name", "type_label", "kind", "parent", "population", "external", "schematic"]
    ordering = ["kind", "sort_key"]
    list_filter = ["kind", "external", "schematic", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "search_name"]
    readonly_fields = ["search_name", "updated_at"]
    fields = [
        "code",
        "kind",
        "name",
        "type_label",
        "parent",
        "population",
        "external",
        "valid_from",
        "valid_to",
        "successors",
        "schematic",
        "geometry",
        "search_name",
        "updated_at",
    ]
    autocomplete_fields = ["successors"]
    list_select_related = ["parent"]
    settings_overrides = {"DEFAULT_CENTER": (21.85, 106.6), "DEFAULT_ZOOM": 8}


@admin.register(Adjacency)
class AdjacencyAdmin(admin.ModelAdmin):
    list_display = ["area_a", "area_b", "computed_at"]
    list_select_related = ["area_a", "area_b"]
    search_fields = ["area_a__name", "area_b__name", "area_a__code", "area_b__code"]
