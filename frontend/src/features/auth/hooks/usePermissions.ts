import type { Me, Role } from "../../../api/types";
import { useMe } from "../api/me";

const WRITE_ROLES: ReadonlySet<Role> = new Set<Role>(["owner", "admin", "editor"]);
const ADMIN_ROLES: ReadonlySet<Role> = new Set<Role>(["owner", "admin"]);

export interface Permissions {
  role: Role | null;
  /** May create, edit, import, delete and start AI jobs. Viewers may not. */
  canWrite: boolean;
  /** May manage sites, members and settings. */
  canAdmin: boolean;
}

export function permissionsFor(me: Pick<Me, "role" | "is_platform_admin"> | undefined): Permissions {
  const role = (me?.role ?? null) as Role | null;
  const platform = me?.is_platform_admin ?? false;
  return {
    role,
    canWrite: platform || (role !== null && WRITE_ROLES.has(role)),
    canAdmin: platform || (role !== null && ADMIN_ROLES.has(role)),
  };
}

export function usePermissions(): Permissions {
  const { data } = useMe();
  return permissionsFor(data);
}
