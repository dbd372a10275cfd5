/**
 * The alerts job at regional scale: every Lombard comune with two subscribers (an RTD with
 * immediate alerts, a guest office with a weekly digest), published calls tracked by many
 * comuni, then a curator extends every deadline. Figures: how long one pass takes to turn the
 * changes into alerts, an idle pass (nothing new), the reminder pass and the digest pass.
 */
import { performance } from "node:perf_hooks";
import { openDatabase, writeTransaction } from "~db/client.server";
import { comuni } from "~db/schema";
import { ensureSeeded } from "~db/seed/index.server";
import { confirmGuestSubscription, requestGuestSubscription, saveUserSubscription } from "~/data/alerts.server";
import { getCall, resolveCall, rowContent, updateCallContent } from "~/data/calls.server";
import { setTracking } from "~/data/tracking.server";
import { insertUser, setNotificationsConsent } from "~/data/users.server";
import { defaultSettings } from "~/domain/alerts/settings";
import { runIngest } from "~/ingestion/pipeline.server";
import { MATCH_ALERT_SOURCES } from "~/alerts/matches.server";
import { runAlerts } from "~/jobs/alerts.server";
import { processPendingMatches } from "~/jobs/match.server";
import type { BenchModule } from "./types";

const ms = (t0: number) => Math.round(performance.now() - t0);

export const run: BenchModule["run"] = async ({ log, calls = 200 }) => {
  const db = openDatabase(":memory:");
  ensureSeeded(db, { demo: false });
  const istats = db.select({ istat: comuni.istat }).from(comuni).all().map((r) => r.istat);
  log(`${istats.length} comuni; ${calls} bandi`);
  const start = new Date("2026-01-10T09:00:00Z");
  const bandi = Array.from({ length: calls }, (_, i) => ({
    idFonte: `b${i}`,
    titolo: `Bando ${i}`,
    ente: "Regione Lombardia",
    beneficiari: ["comune"],
    temi: ["cloud"],
    scadenza: "2026-03-31",
    importoMax: 50000,
  }));
  await runIngest(db, { source: "bando-json", content: new TextEncoder().encode(JSON.stringify({ fonte: "bench", bandi })), input: "bench.json", publish: true, now: start });
  const callIds = bandi.map((b) => resolveCall(db, `bench:${b.idFonte}`)!.id);

  writeTransaction(db, (tx) => {
    istats.forEach((istat, i) => {
      const user = insertUser(tx, { email: `rtd-${istat}@example.org`, role: "rtd", comuni: [istat], passwordHash: "bench" });
      setNotificationsConsent(tx, user.id, true, start);
      saveUserSubscription(tx, user.id, istat, { ...defaultSettings(), frequency: "immediata" }, `s${i}`, start);
      requestGuestSubscription(tx, { email: `ufficio-${istat}@example.org`, istat, settings: defaultSettings(), tokenHash: `h${istat}`, expiresAt: new Date("2027-01-01"), salt: `g${i}` }, start);
      confirmGuestSubscription(tx, `h${istat}`, start);
    });
  });
  // Each call tracked by 10 comuni: 2,000 tracking rows for 200 calls.
  callIds.forEach((callId, i) => {
    for (let k = 0; k < 10; k++) setTracking(db, { istat: istats[(i * 10 + k) % istats.length]!, callId, stage: "interessato", userId: null }, start);
  });
  runAlerts(db, { now: start });
  for (const id of callIds) {
    const row = getCall(db, id)!;
    updateCallContent(db, id, { ...rowContent(row), deadline: "2026-04-30T21:59:59.999Z" }, { type: "redazione", name: "bench" }, new Date("2026-01-12T09:00:00Z"));
  }
  log("passaggi del processo degli avvisi");
  let t0 = performance.now();
  const changes = runAlerts(db, { now: new Date("2026-01-12T09:05:00Z") });
  const changeMs = ms(t0);
  t0 = performance.now();
  runAlerts(db, { now: new Date("2026-01-12T09:10:00Z") });
  const idleMs = ms(t0);
  t0 = performance.now();
  const reminders = runAlerts(db, { now: new Date("2026-04-01T08:00:00Z") });
  const reminderMs = ms(t0);

  // With the match store: a full re-match, the pass that seeds every subscription's ledger, then
  // 20 new calls re-matched incrementally and the pass that announces them.
  log("abbinamenti: ricalcolo completo e nuovi bandi");
  const day = new Date("2026-04-02T08:00:00Z");
  processPendingMatches(db, { now: day });
  t0 = performance.now();
  runAlerts(db, { now: day, ...MATCH_ALERT_SOURCES });
  const seedMs = ms(t0);
  const fresh = Array.from({ length: 20 }, (_, i) => ({ ...bandi[0]!, idFonte: `nuovo${i}`, titolo: `Bando nuovo ${i}`, scadenza: "2026-06-30" }));
  await runIngest(db, { source: "bando-json", content: new TextEncoder().encode(JSON.stringify({ fonte: "bench", bandi: fresh })), input: "nuovi.json", publish: true, now: day });
  processPendingMatches(db, { now: day });
  t0 = performance.now();
  const news = runAlerts(db, { now: day, ...MATCH_ALERT_SOURCES });
  const newsMs = ms(t0);
  db.$client.close();
  return {
    comuni: istats.length,
    iscrizioni: istats.length * 2,
    bandi: calls,
    "passaggio con modifiche (ms)": changeMs,
    "avvisi decisi": changes.alerts,
    "e-mail in coda": changes.messages,
    "passaggio senza novità (ms)": idleMs,
    "passaggio promemoria (ms)": reminderMs,
    "promemoria decisi": reminders.reminders,
    "passaggio che registra gli abbinamenti esistenti (ms)": seedMs,
    "passaggio con 20 bandi nuovi abbinati (ms)": newsMs,
    "nuovi abbinamenti annunciati": news.alerts,
  };
};
