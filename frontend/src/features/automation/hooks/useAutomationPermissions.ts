import { usePermissions } from "../../auth/hooks/usePermissions";

export interface AutomationPermissions {
  /** Create, edit, delete rules and apply workflows: owners and admins (a rule spends credits unattended). */
  canManage: boolean;
  /** Run a rule now; pause, resume, cancel runs: editors and up. */
  canRun: boolean;
}

/** The backend's roles for /automation/ (modules/automation/views.py); viewers only read and dry-run. */
export function useAutomationPermissions(): AutomationPermissions {
  const { canAdmin, canWrite } = usePermissions();
  return { canManage: canAdmin, canRun: canWrite };
}
