"""URLs of reservations/feed_urls.py."""

urlpatterns: list = []
