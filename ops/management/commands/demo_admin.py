import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from areas.models import Area
from ingest.models import StaffScope

# (username, group, district codes): one account per kind of staff, to try the admin as each. No district codes:
# the whole province, which for a data-entry clerk is the explicit grant ingest.whole_province (the approvers' and
# editors' groups hold it).
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
            whole_province = Permission.objects.get(content_type__app_label="ingest", codename="whole_province")
            if districts:
                user.user_permissions.remove(whole_province)
                scope, _ = StaffScope.objects.get_or_create(user=user)
                scope.districts.set(Area.objects.filter(kind=Area.Kind.DISTRICT, code__in=districts))
            else:
                user.user_permissions.add(whole_province)
            lines.append((username, password, group_name + (f" ({', '.join(districts)})" if districts else "")))
        self.stdout.write("Demo accounts (new passwords on every run):")
        for username, password, role in lines:
            self.stdout.write(f"  {username:<18} {password}   {role}")
