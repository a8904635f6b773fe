from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Netra", {"fields": ("full_name", "language")}))
    list_display = ("username", "full_name", "email", "is_active")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]
