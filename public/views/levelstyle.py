"""The levels' colours as CSS custom properties, written from risk.engine.levels so that no style sheet repeats them."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from risk.engine.levels import LEVELS


def level_colours_css() -> str:
    """Return `:root { --level-N: …; --level-N-ink: …; }` for every level."""
    lines = [":root {"]
    for level in LEVELS:
        lines.append(f"  --level-{int(level)}: {level.colour};")
        lines.append(f"  --level-{int(level)}-ink: {level.ink};")
    lines.append("}")
    return "\n".join(lines) + "\n"


@require_GET
@cache_control(public=True, max_age=3600)
def level_colours(request):
    return HttpResponse(level_colours_css(), content_type="text/css; charset=utf-8")
