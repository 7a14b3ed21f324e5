from django.contrib import admin

from igny8_core.domain.automation.models import AutomationRule, AutomationRun, AutomationSiteLock


@admin.register(AutomationRule)
class AutomationRuleAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "account", "site", "trigger", "is_active", "next_run_at", "last_run_at"]
    list_filter = ["trigger", "is_active"]
    readonly_fields = ["next_run_at", "last_run_at", "created_at", "updated_at"]


@admin.register(AutomationRun)
class AutomationRunAdmin(admin.ModelAdmin):
    list_display = ["id", "rule", "site", "status", "trigger", "items_processed", "credits_used", "created_at"]
    list_filter = ["status", "trigger"]
    readonly_fields = [f.name for f in AutomationRun._meta.fields]


@admin.register(AutomationSiteLock)
class AutomationSiteLockAdmin(admin.ModelAdmin):
    list_display = ["site", "run", "lease_expires_at"]
