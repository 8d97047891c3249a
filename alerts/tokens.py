"""The signed token of an unsubscribe link: the address alone, so that one click forgets it."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe(token: str) -> str:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ValidationError(_("Đường dẫn huỷ đăng ký không đúng. Hãy mở đúng đường dẫn trong thư."))
