import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from areas.models import Area

# (username, group, district codes): one account per kind of staff, to try the admin as each.
DEMO_STAFF = [
    ("nhaplieu", "Sở Y tế – nhập liệu", []),
    ("nhaplieu.huulung", "Sở Y tế – nhập liệu", ["186"]),
    ("pheduyet", "Sở Y tế – phê duyệt", []),
    ("bientap", "Sở TT&TT – biên tập", []),
]


class Command(BaseCommand):
    help = "Create the demo superuser and one account per staff group, each with a new password, and print them."

    def handle(self, *args, **options):
        User = get_user_model()
        lines = []
        password = secrets.token_urlsafe(12)
        admin, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.invalid"})
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        lines.append(("admin", password, "superuser"))
        for username, group_name, districts in DEMO_STAFF:
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([group])
            if districts:
                from ingest.models import StaffScope

                scope, _ = StaffScope.objects.get_or_create(user=user)
                scope.districts.set(Area.objects.filter(kind=Area.Kind.DISTRICT, code__in=districts))
            lines.append((username, password, group_name + (f" ({', '.join(districts)})" if districts else "")))
        self.stdout.write("Demo accounts (new passwords on every run):")
        for username, password, role in lines:
            self.stdout.write(f"  {username:<18} {password}   {role}")
