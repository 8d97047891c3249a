from django.urls import path

from . import feeds, views

app_name = "alerts"

urlpatterns = [
    path("dang-ky/", views.subscribe, name="subscribe"),
    path("dang-ky/xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("dang-ky/huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

# The area feeds sit beside the area page, outside the namespace, like the area's other files.
area_feeds = [
    path("khu-vuc/<str:code>/rss.xml", feeds.AreaRssFeed(), name="area-rss"),
    path("khu-vuc/<str:code>/atom.xml", feeds.AreaAtomFeed(), name="area-atom"),
]
