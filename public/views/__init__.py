"""The public site's views: pages (pages.py, area.py, information.py), map files (published.py); open data is api.py."""
