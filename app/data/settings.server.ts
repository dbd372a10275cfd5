import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { nowIso, writeTransaction, type Db } from "~db/client.server";
import { settings } from "~db/schema";

export function getSetting(db: Db, key: string): string | undefined {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  writeTransaction(db, (tx) =>
    tx
      .insert(settings)
      .values({ key, value, updatedAt: nowIso() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: nowIso() } })
      .run(),
  );
}

/** SESSION_SECRET from the environment, else one generated on first start and kept in the database. */
export function sessionSecret(db: Db, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const stored = getSetting(db, "session_secret");
  if (stored) return stored;
  const generated = randomBytes(32).toString("base64url");
  writeTransaction(db, (tx) =>
    tx.insert(settings).values({ key: "session_secret", value: generated, updatedAt: nowIso() }).onConflictDoNothing().run(),
  );
  return getSetting(db, "session_secret") ?? generated;
}
