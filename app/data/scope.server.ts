import { inArray, sql, type Column, type SQL } from "drizzle-orm";
import { comuniScope, type Principal } from "~/auth/permissions";

/**
 * Owner filter for queries on comune data (SECURITY.md 8: "data functions filter by owner in the
 * query"): `where(and(eq(table.istat, istat), scopeToComuni(table.istat, principal)))` returns
 * nothing for a comune the principal does not serve, whatever the route forgot to check.
 */
export function scopeToComuni(column: Column, principal: Principal | null | undefined): SQL | undefined {
  const scope = comuniScope(principal);
  if (scope === "all") return undefined;
  if (scope.length === 0) return sql`0`;
  return inArray(column, scope);
}
