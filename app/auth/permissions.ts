import type { Role } from "~db/schema/auth";

/** Pure permission rules, shared by guards and the UI (what to show). */
export interface Principal {
  role: Role;
  comuni: string[];
}

export const STAFF_ROLES: readonly Role[] = ["admin", "redazione"];

export function isStaff(principal: Principal | null | undefined): boolean {
  return !!principal && STAFF_ROLES.includes(principal.role);
}

/** Staff can act on every comune; an RTD only on the comuni assigned to them. */
export function canManageComune(principal: Principal | null | undefined, istat: string): boolean {
  if (!principal) return false;
  if (isStaff(principal)) return true;
  return principal.role === "rtd" && principal.comuni.includes(istat);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Amministratore (ANCI Lombardia)",
  redazione: "Redazione (ANCI Lombardia)",
  rtd: "Responsabile per la transizione digitale",
  lettore: "Lettore",
};
