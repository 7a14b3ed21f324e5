from django.contrib import admin

from igny8_core.domain.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "account", "site", "status", "progress", "credits_used", "created_at"]
    list_filter = ["status", "kind"]
