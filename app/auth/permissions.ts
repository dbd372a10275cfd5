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

/** Who may turn on TOTP (SECURITY.md, issue 8: optional for staff). */
export const TOTP_ROLES: readonly Role[] = STAFF_ROLES;

export function canUseTotp(principal: Principal | null | undefined): boolean {
  return !!principal && TOTP_ROLES.includes(principal.role);
}

/**
 * The comuni whose data a principal may read or change: "all" for staff, the assigned ones for
 * an RTD, none otherwise. Data functions put this in their WHERE (see app/data/scope.server.ts).
 */
export function comuniScope(principal: Principal | null | undefined): "all" | string[] {
  if (!principal) return [];
  if (isStaff(principal)) return "all";
  return principal.role === "rtd" ? principal.comuni : [];
}

export const ROLE_SHORT_LABELS: Record<Role, string> = {
  admin: "Amministratore",
  redazione: "Redazione",
  rtd: "RTD",
  lettore: "Lettore",
};

/** The roles in display order, for the UI (without importing the database schema in the browser). */
export const ROLE_LIST = Object.keys(ROLE_LABELS) as Role[];
