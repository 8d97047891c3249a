"""Login throttling (django-axes) per account across addresses, besides per account and address.

AXES_LOCKOUT_PARAMETERS lists the counts axes keeps: failures of one account from one address, and failures of one
account from every address together. axes compares all of them with one AXES_FAILURE_LIMIT; here the count of an
account alone is compared with AXES_ACCOUNT_FAILURE_LIMIT instead, higher, so that a clerk who mistypes is locked
out on one machine quickly, while guessing one password from many addresses stops after that many tries in all.
An administrator unlocks an account by deleting its access attempts (Admin → Axes → Access attempts).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


class AccountLockoutHandler(AxesDatabaseHandler):
    """The database handler, with a limit of its own for the parameter "username" alone."""

    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        account_limit = settings.AXES_ACCOUNT_FAILURE_LIMIT
        parameters = get_lockout_parameters(request, credentials)
        failures = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter in ("username", ["username"]):
                # Scaled onto the one limit axes compares with: locked exactly when the account's own limit is met.
                count = limit if count >= account_limit else min(count, limit - 1)
            failures = max(failures, count)
        return failures
