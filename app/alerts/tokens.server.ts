import { getDb, type Db } from "~db/client.server";
import { safeEqual, sign } from "~/auth/crypto.server";
import { subscriptionsByIds, type UserSubscription } from "~/data/alerts.server";
import { sessionSecret } from "~/data/settings.server";
import { getEnv } from "~/env.server";

/**
 * Unsubscribe links (SECURITY.md 7, RFC 8058): a signed, single-purpose token naming the
 * subscriptions a message was sent for. `<id>-<id>….<HMAC>`: the HMAC key is the application
 * secret, the purpose is part of the key (a token of another kind never verifies here), and each
 * subscription's random salt is part of the signed value, so a token cannot be forged for
 * another subscription and dies with the subscription it names. It does not expire: an
 * unsubscribe link must keep working for as long as the message is in someone's mailbox.
 */
const PURPOSE = "avvisi-disiscrizione";
const MAX_IDS = 50;

function signedValue(rows: readonly { id: number; salt: string }[]): string {
  return rows.map((r) => `${r.id}:${r.salt}`).join("|");
}

export function unsubscribeToken(rows: readonly { id: number; salt: string }[], db: Db = getDb()): string {
  const sorted = [...rows].sort((a, b) => a.id - b.id).slice(0, MAX_IDS);
  const key = sessionSecret(db, getEnv().SESSION_SECRET);
  return `${sorted.map((r) => r.id).join("-")}.${sign(key, PURPOSE, signedValue(sorted))}`;
}

/** The subscriptions a token names, or undefined when it is malformed or its signature does not match. */
export function verifyUnsubscribeToken(token: string, db: Db = getDb()): UserSubscription[] | undefined {
  const match = /^(\d{1,12}(?:-\d{1,12}){0,49})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const ids = [...new Set(match[1]!.split("-").map(Number))].sort((a, b) => a - b);
  const rows = subscriptionsByIds(db, ids);
  if (rows.length !== ids.length) return undefined;
  const key = sessionSecret(db, getEnv().SESSION_SECRET);
  return safeEqual(match[2]!, sign(key, PURPOSE, signedValue(rows))) ? rows : undefined;
}
