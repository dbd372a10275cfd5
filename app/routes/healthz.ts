import { sql } from "drizzle-orm";
import { getDb } from "~db/client.server";

/** `{"status": "ok"}` when the database answers (API.md). */
export async function loader() {
  try {
    getDb().get<{ ok: number }>(sql`SELECT 1 AS ok`);
    return new Response(JSON.stringify({ status: "ok" }), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  } catch {
    return new Response(JSON.stringify({ status: "errore" }), {
      status: 503,
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
}
