import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { getOptionalUser } from "~/auth/guards.server";
import { destroySession } from "~/auth/session.server";
import { logSecurityEvent } from "~/data/security-log.server";

/** Logout is a POST (no GET changes data, SECURITY.md 7). */
export async function action({ request }: ActionFunctionArgs) {
  const db = getDb();
  const current = await getOptionalUser(request);
  const setCookie = await destroySession(db, request);
  if (current) logSecurityEvent(db, { actor: `utente:${current.user.id}`, action: "logout" });
  throw redirect("/", { headers: { "Set-Cookie": setCookie } });
}

export async function loader() {
  throw redirect("/");
}
