# shapely must load its bundled GEOS before SpatiaLite loads the system's one, or shapely binds to the older
# library and fails on WKB ("WKB output dimension must be 2 or 3").
import shapely  # noqa: F401, I001

from .celery import app as celery_app

__all__ = ["celery_app"]
