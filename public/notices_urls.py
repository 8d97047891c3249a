"""The public notice pages and feeds, under the "notices" namespace."""

from django.urls import path
from django.views.decorators.cache import cache_control

from notices import feeds

from .views import notices as views

app_name = "notices"

# The feed paths contain a dot, which no slug does: they never shadow a notice.
urlpatterns = [
    path("thong-bao/", views.notice_list, name="list"),
    path("thong-bao/rss.xml", cache_control(max_age=60)(feeds.NoticeRssFeed()), name="rss"),
    path("thong-bao/atom.xml", cache_control(max_age=60)(feeds.NoticeAtomFeed()), name="atom"),
    path("thong-bao/<slug:slug>/", views.notice_detail, name="detail"),
]
