import type { Db } from "~db/client.server";
import type { ComuneRow } from "~db/schema";
import { callFromRow, publishedCallIds, publishedCallRows } from "~/data/calls.server";
import { dismissalInputs, dismissedCallIds } from "~/data/dismissals.server";
import { type StoredMatch, matchRunsById, storedMatchesOfComune } from "~/data/matches.server";
import { loadComuneProfile } from "~/data/profiles.server";
import { activeScoringConfig, scoringConfigByFingerprint } from "~/data/scoring-config.server";
import { callVectorsById, itemVectorsById, loadTextModel } from "~/data/text-vectors.server";
import { callStatus } from "~/domain/call";
import { formatRomeIso } from "~/domain/call-content";
import {
  COMPONENT_KEYS,
  EMPTY_TEXT_MODEL,
  type CompiledProfile,
  type Opportunity,
  type ScoreComponents,
  type ScoringConfig,
  type SparseVector,
  type TextModel,
  compareOpportunities,
  compileCall,
  compileProfile,
  opportunityOf,
  opportunityToApi,
} from "~/domain/matching";

/**
 * `GET /api/v1/comuni/{istat}/opportunita` (API.md): the comune's open calls, highest
 * `punteggio` first. Eligible calls come from the stored matches (numbers as persisted by the
 * matching jobs; the reasons rebuilt for the comune with the same inputs, at the instant the
 * match was evaluated, so they agree with the numbers). `tutti=1` adds every other open call,
 * explained on the fly: their `motivazioni` say why the comune is not eligible.
 * (docs/decisions/0060-match-store.md)
 */

export interface OpportunitiesOptions {
  all: boolean;
  now: Date;
}

function storedComponents(stored: StoredMatch, config: ScoringConfig): ScoreComponents {
  const components = {} as ScoreComponents;
  for (const key of COMPONENT_KEYS) components[key] = { punti: stored.components[key], max: config.weights[key] };
  return components;
}

/** The explained opportunity with the stored numbers (score, components, amount, form). */
function withStoredNumbers(o: Opportunity, stored: StoredMatch, config: ScoringConfig): Opportunity {
  return {
    ...o,
    eligibility: { ...o.eligibility, associatedForm: stored.associated, outcome: stored.associated ? "forma-associata" : "idoneo" },
    score: { ...o.score, total: stored.score, components: storedComponents(stored, config), claimableAmount: stored.claimable },
    claimableAmount: stored.claimable,
  };
}

export function opportunitiesJson(db: Db, comune: ComuneRow, options: OpportunitiesOptions) {
  const profile = loadComuneProfile(db, comune.istat);
  const head = { comune: { istat: comune.istat, nome: comune.name, fascia: comune.sizeCluster } };
  if (!profile) return { ...head, items: [] };
  // The open calls' ids, then the comune's stored matches among them (one key seek per call).
  const open = publishedCallIds(db, { openAt: options.now });
  const stored = new Map(storedMatchesOfComune(db, comune.istat, open).map((m) => [m.callId, m]));
  const rows = publishedCallRows(db, options.all ? { ids: open } : { ids: [...stored.keys()] }).filter((row) => callStatus(row, options.now) === "aperto");

  const runs = matchRunsById(db, [...new Set(rows.flatMap((r) => (stored.has(r.id) ? [stored.get(r.id)!.runId] : [])))]);
  const active = activeScoringConfig(db).config;
  const configs = new Map<string, ScoringConfig>();
  const configOf = (fingerprint: string): ScoringConfig => {
    let config = configs.get(fingerprint);
    if (!config) {
      config = scoringConfigByFingerprint(db, fingerprint) ?? active;
      configs.set(fingerprint, config);
    }
    return config;
  };

  const callVectors = callVectorsById(
    db,
    rows.map((r) => r.id),
  );
  const itemVectors = new Map([...itemVectorsById(db, [comune.istat])].map(([id, v]) => [id, v.vector]));
  const dismissedVectors = new Map<number, SparseVector>([...callVectorsById(db, dismissedCallIds(db, [comune.istat]))].map(([id, v]) => [id, v.vector]));
  const dismissals = dismissalInputs(db, { istats: [comune.istat], vectors: dismissedVectors }).get(comune.istat) ?? [];
  // The model is only needed for a text without a stored vector (normally none).
  let model: TextModel | undefined;
  const textModel = () => (model ??= loadTextModel(db)?.model ?? EMPTY_TEXT_MODEL);
  const needsModel = rows.some((r) => !callVectors.has(r.id)) || profile.programme.some((it) => !itemVectors.has(it.id));
  const profiles = new Map<ScoringConfig, CompiledProfile>();
  const compiledProfile = (config: ScoringConfig) => {
    let cp = profiles.get(config);
    if (!cp) {
      cp = compileProfile(profile, { config, itemVectors, dismissals, textModel: needsModel ? textModel() : EMPTY_TEXT_MODEL });
      profiles.set(config, cp);
    }
    return cp;
  };

  const opportunities: Opportunity[] = [];
  for (const row of rows) {
    const call = callFromRow(row);
    const vector = callVectors.get(row.id)?.vector;
    const match = stored.get(row.id);
    const run = match ? runs.get(match.runId) : undefined;
    if (match && run) {
      const config = configOf(run.configFingerprint);
      const cc = compileCall(call, { now: new Date(run.evaluatedAt), config, vector, textModel: vector ? undefined : textModel() });
      const o = opportunityOf(cc, compiledProfile(config), config);
      if (o.eligibility.eligible) {
        opportunities.push(withStoredNumbers(o, match, config));
        continue;
      }
      // The stored match is stale (a re-match is pending): the live verdict wins.
    }
    if (!options.all) continue;
    const cc = compileCall(call, { now: options.now, config: active, vector, textModel: vector ? undefined : textModel() });
    opportunities.push(opportunityOf(cc, compiledProfile(active), active));
  }
  opportunities.sort(compareOpportunities);
  return {
    ...head,
    items: opportunities.map((o) => {
      const item = opportunityToApi(o);
      return { ...item, bando: { ...item.bando, scadenza: item.bando.scadenza ? formatRomeIso(item.bando.scadenza) : null } };
    }),
  };
}
