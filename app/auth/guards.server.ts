import { redirect } from "@remix-run/node";
import { getDb } from "~db/client.server";
import type { Role } from "~db/schema";
import { canManageComune, isStaff, type Principal } from "./permissions";
import { getSessionUser, type SessionUser } from "./session.server";

/**
 * Guards for loaders and actions. Each loader and action calls one on its own first line:
 * Remix runs nested loaders in parallel, so a parent's check protects nothing (SECURITY.md 8).
 * They throw a Response: a redirect to the login page for pages, 401/403 otherwise.
 */

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return getSessionUser(getDb(), request);
}

/** What the permission rules (./permissions.ts) look at: the role and the assigned comuni; null for nobody. */
export function principalOf(current: SessionUser | null): Principal | null {
  return current ? { role: current.user.role, comuni: current.comuni } : null;
}

function wantsHtml(request: Request): boolean {
  const url = new URL(request.url);
  if (url.pathname.startsWith("/api/") || url.pathname.endsWith(".data")) return false;
  return request.method === "GET" || request.method === "HEAD";
}

/** Only same-site paths: "/x" but never "//evil" or "/\\evil" (SECURITY.md 9). */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\") || /[\r\n\t]/.test(to)) return fallback;
  return to;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const current = await getOptionalUser(request);
  if (current) return current;
  if (wantsHtml(request)) {
    const url = new URL(request.url);
    throw redirect(`/accedi?redirectTo=${encodeURIComponent(safeRedirect(url.pathname + url.search))}`);
  }
  throw new Response("Accesso richiesto", { status: 401 });
}

export async function requireRole(request: Request, roles: readonly Role[]): Promise<SessionUser> {
  const current = await requireUser(request);
  if (!roles.includes(current.user.role)) throw new Response("Operazione non consentita", { status: 403 });
  return current;
}

/** The curators' areas: `redazione` and `admin`. */
export async function requireStaff(request: Request): Promise<SessionUser> {
  const current = await requireUser(request);
  if (!isStaff(principalOf(current))) {
    throw new Response("Operazione riservata alla redazione", { status: 403 });
  }
  return current;
}

/** A comune's profile, tracking and feedback: its RTDs and staff. */
export async function requireComuneAccess(request: Request, istat: string): Promise<SessionUser> {
  const current = await requireUser(request);
  if (!canManageComune(principalOf(current), istat)) {
    throw new Response("Operazione non consentita per questo comune", { status: 403 });
  }
  return current;
}
