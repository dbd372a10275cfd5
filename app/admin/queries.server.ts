import { z } from "zod";
import { ROLES } from "~db/schema";
import type { SecurityLogFilters } from "~/data/security-log.server";
import { USER_SORTS, type UserListFilters } from "~/data/users.server";

/** Query parameters of the admin lists; a bad value falls back to its default (no 500s). */
export const userListQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  ruolo: z.enum(ROLES).optional().catch(undefined),
  stato: z.enum(["attivo", "invitato", "disattivato"]).optional().catch(undefined),
  comune: z.string().regex(/^\d{6}$/).optional().catch(undefined),
  ordina: z.enum(USER_SORTS).catch("email"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const securityLogQuery = z.object({
  azione: z.string().max(60).optional().catch(undefined),
  chi: z.string().trim().max(100).optional().catch(undefined),
  dal: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  al: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  ordina: z.enum(["recenti", "meno-recenti"]).catch("recenti"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export function queryOf(request: Request): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (value.trim() !== "") raw[key] = value;
  return raw;
}

/** Day bounds (UTC ISO strings) for a date filter. */
export function dayStart(day: string | undefined): string | undefined {
  return day ? `${day}T00:00:00.000Z` : undefined;
}
export function dayEnd(day: string | undefined): string | undefined {
  return day ? `${day}T23:59:59.999Z` : undefined;
}

export function userFilters(query: z.infer<typeof userListQuery>, perPage: number): UserListFilters {
  return { q: query.q, role: query.ruolo, status: query.stato, istat: query.comune, sort: query.ordina, page: query.page, perPage };
}

export function securityLogFilters(query: z.infer<typeof securityLogQuery>, perPage: number): SecurityLogFilters {
  return { action: query.azione, who: query.chi, from: dayStart(query.dal), to: dayEnd(query.al), sort: query.ordina, page: query.page, perPage };
}
