from django.contrib import admin
from django.db.models import Count

from .models import Delivery, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Who is subscribed (support: forget an address on request); subscriptions are made on the public site only."""

    list_display = ["email", "language", "area_count", "confirmed_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "language", "confirmed_at", "areas"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(area_total=Count("areas"))

    @admin.display(description="số địa bàn", ordering="area_total")
    def area_count(self, subscriber) -> int:
        return subscriber.area_total

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["publication", "subscriber", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["publication", "subscriber"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
