from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError

from thoughtful.people.forms import ThrottledAdminAuthenticationForm
from thoughtful.people.models import User
from thoughtful.people.names import clean_public_name
from thoughtful.people.staff import TEAM_ROLES
from thoughtful.security.text import CleanTextMixin


class UserForm(CleanTextMixin, UserChangeForm):
    """The admin follows the same name rule as the profile form and the actions (issue 14)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "display_name" in data:
            groups = data.get("groups")
            staff_roles = {role.value for role in TEAM_ROLES}
            # Whether the person is staff *after* this save: the admin may be granting a role
            # together with a title-like name.
            staff = bool(
                data.get("is_superuser")
                or data.get("is_staff")
                or (groups is not None and any(g.name in staff_roles for g in groups))
            )
            try:
                data["display_name"] = clean_public_name(
                    data["display_name"], person=self.instance, staff=staff
                )
            except ValidationError as exc:
                self.add_error("display_name", exc)
            # Without a display name, the full name is what readers see.
            full_name = f"{data.get('first_name', '')} {data.get('last_name', '')}"
            try:
                clean_public_name(full_name, person=self.instance, staff=staff)
            except ValidationError as exc:
                self.add_error("last_name" if data.get("last_name") else "first_name", exc)
        return data


# The admin's login goes through the same throttle as the site's (people.backends); this form
# only words its refusals (issue 14, item 2).
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserForm
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Profile", {"fields": ("display_name", "bio", "avatar", "email_verified_at")}),
        ("Account", {"fields": ("pending_email", "deleted_at")}),
    )
    # Set only by following emailed links and by deleting the account (people.actions).
    readonly_fields = ("email_verified_at", "pending_email", "deleted_at")
    list_display = ("username", "display_name", "email", "is_staff", "date_joined")
    search_fields = ("username", "display_name", "email")
