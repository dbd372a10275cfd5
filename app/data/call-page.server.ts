import type { Db } from "~db/client.server";
import { comuni, type CallRow, type CallVersionRow } from "~db/schema";
import type { Call } from "~/domain/call";
import type { MatchedComuneItem } from "~/domain/matched-comuni";
import { claimableAmount, eligibility, type EligibilityResult } from "~/domain/matching";
import type { TrackingStage } from "~/domain/tracking";
import { rowContent } from "./calls.server";
import { getComuniByIstat } from "./comuni.server";
import { istatOfKey } from "./matches.server";
import { loadProfiles } from "./profiles.server";
import { trackingOf } from "./tracking.server";

/** Read models of the public call page (/bandi/{id}). */

export function domainCall(row: CallRow): Call {
  return { id: row.publicId, ...rowContent(row) };
}

/** Changes of the live content and of its publication (proposals waiting for review are not public). */
const PUBLIC_ACTIONS = new Set<CallVersionRow["action"]>([
  "creato",
  "aggiornato",
  "approvato",
  "modificato",
  "pubblicato",
  "archiviato",
  "riaperto",
  "unito",
  "assorbito",
  "separato",
  "fonte-aggiunta",
]);

export interface PublicVersion {
  version: number;
  at: string;
  action: CallVersionRow["action"];
  by: "fonte" | "redazione" | "sistema";
  fields: string[];
}

/** The call's history as the public sees it: who changed it (a source or the redazione, never a person) and what. */
export function publicVersions(versions: readonly CallVersionRow[]): PublicVersion[] {
  return versions
    .filter((v) => PUBLIC_ACTIONS.has(v.action))
    .map((v) => ({ version: v.version, at: v.at, action: v.action, by: v.actorType, fields: v.changedFields }));
}

export function comuneNamesOf(db: Db, istats: readonly string[]): Map<string, string> {
  return new Map(getComuniByIstat(db, [...istats]).map((c) => [c.istat, c.name]));
}

export interface ComuneVerdict {
  istat: string;
  name: string;
  population: number;
  result: EligibilityResult;
  claimable: number | null;
  stage: TrackingStage | null;
}

/** "Il mio comune può partecipare?" for some comuni: the pure engine's verdict with its reasons and amount. */
export function verdictsFor(db: Db, row: CallRow, istats: readonly string[], now: Date, options: { withTracking?: boolean } = {}): ComuneVerdict[] {
  if (istats.length === 0) return [];
  const call = domainCall(row);
  return loadProfiles(db, { istats, includeSuppressed: false })
    .sort((a, b) => a.name.localeCompare(b.name, "it"))
    .map((profile) => ({
      istat: profile.istat,
      name: profile.name,
      population: profile.population,
      result: eligibility(call, profile, now),
      claimable: claimableAmount(call, profile.population),
      stage: options.withTracking ? (trackingOf(db, profile.istat, row.id)?.stage ?? null) : null,
    }));
}

/** A matched comune as the redazione's list filters and sorts it (app/domain/matched-comuni.ts). */
export type MatchedComune = MatchedComuneItem;

/** Every comune the store matched with a call (for the redazione), with registry facts: two queries. */
export function matchedComuniOfCall(db: Db, callId: number): MatchedComune[] {
  const rows = db.$client
    .prepare("SELECT comune, score, associated, claimable FROM matches WHERE call_id = ?")
    .all(callId) as { comune: number; score: number; associated: number; claimable: number | null }[];
  if (rows.length === 0) return [];
  const registry = new Map(
    db
      .select({ istat: comuni.istat, name: comuni.name, provinceSigla: comuni.provinceSigla, sizeCluster: comuni.sizeCluster, population: comuni.population })
      .from(comuni)
      .all()
      .map((c) => [c.istat, c]),
  );
  return rows.flatMap((r) => {
    const c = registry.get(istatOfKey(r.comune));
    return c ? [{ ...c, score: r.score, associated: r.associated === 1, claimable: r.claimable }] : [];
  });
}
