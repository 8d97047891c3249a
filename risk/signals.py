"""What the risk app tells the apps above it (public, notices) and its own scheduler, without importing them."""

from django.dispatch import Signal

# Sent after commit of a publication: publication=Publication, changed=bool (a published level differs from the
# levels it replaces). public writes the map files; notices prepares the level-change notice.
levels_published = Signal()

# Sent after commit of new pending assessment dates: dates=set[date]. risk.tasks schedules one drain per burst.
dates_queued = Signal()
