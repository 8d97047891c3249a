"""Names of the staff groups (created by migration 0002)."""

DATA_ENTRY = "Sở Y tế – nhập liệu"
APPROVAL = "Sở Y tế – phê duyệt"
EDITORIAL = "Sở TT&TT – biên tập"
