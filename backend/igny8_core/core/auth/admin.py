from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from igny8_core.core.auth.models import (
    Account,
    AccountMembership,
    AuditLog,
    Industry,
    IndustrySector,
    Plan,
    Sector,
    Site,
    SiteUserAccess,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("first_name", "last_name")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = AccountMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "plan", "credits", "status", "is_system"]
    list_filter = ["status", "plan", "is_system"]
    search_fields = ["name", "slug", "owner__email"]
    readonly_fields = ["credits"]  # balance changes only through the credit services (ledger)
    raw_id_fields = ["owner"]
    inlines = [MembershipInline]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "monthly_credits", "price", "billing_cycle", "is_active"]


class IndustrySectorInline(admin.TabularInline):
    model = IndustrySector
    extra = 0


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    inlines = [IndustrySectorInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "account", "domain", "site_type", "hosting_type", "is_active"]
    list_filter = ["site_type", "hosting_type", "is_active"]
    search_fields = ["name", "domain", "account__name"]


admin.site.register(Sector)
admin.site.register(SiteUserAccess)


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "account", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]
    readonly_fields = ["account", "actor", "action", "object_type", "object_id", "changes", "created_at"]
