from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from thoughtful.people.forms import ThrottledAdminAuthenticationForm
from thoughtful.people.models import User

# The admin's login goes through the same throttle as the site's (people.backends); this form
# only words its refusals (issue 14, item 2).
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Profile", {"fields": ("display_name", "bio", "avatar")}),
    )
    list_display = ("username", "display_name", "email", "is_staff", "date_joined")
    search_fields = ("username", "display_name", "email")
