import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDb, type Db } from "~db/client.server";
import { comuni, dismissals, securityLog } from "~db/schema";
import { createSession } from "~/auth/session.server";
import { resolveCall } from "~/data/calls.server";
import { activeScoringConfig, scoringConfigHistory } from "~/data/scoring-config.server";
import { createUser } from "~/data/users.server";
import { DEFAULT_SCORING_CONFIG } from "~/domain/matching";
import { configFormValues } from "~/domain/matching/config-form";
import { registerMatchKick } from "~/jobs/match-kick.server";
import * as scoring from "~/routes/amministrazione.punteggio";
import * as segnalazioni from "~/routes/comuni.$istat.segnalazioni";
import { createTestDb, useTestDb } from "../setup/db";
import { routeArgs, runRoute } from "../setup/routes";
import { clearRematch, pendingRematch } from "../setup/rematch";

/** The admins' scoring page and the RTDs' dismissals, called as Remix calls them. */

let db: Db;
const cookies: Record<string, string> = {};
let kicks = 0;

const args = (path: string, params: Record<string, string>, init: { user?: string; form?: Record<string, string> } = {}) => routeArgs(cookies, path, params, init);
const run = runRoute;

beforeAll(async () => {
  db = useTestDb(createTestDb({ seedComuni: true, demo: true }));
  const users = {
    admin: createUser(db, { email: "admin@anci.example", role: "admin" }),
    redazione: createUser(db, { email: "redazione@anci.example", role: "redazione" }),
    rtdBergamo: createUser(db, { email: "rtd@bergamo.example", role: "rtd", comuni: ["016024"] }),
    rtdAdrara: createUser(db, { email: "rtd@adrara.example", role: "rtd", comuni: ["016001"] }),
  };
  for (const [name, user] of Object.entries(users)) cookies[name] = (await createSession(db, user.id)).split(";")[0]!;
  registerMatchKick(() => kicks++);
});

afterAll(() => {
  registerMatchKick(undefined);
  setDb(undefined);
});

describe("scoring configuration page (admins only)", () => {
  const path = "/amministrazione/punteggio";
  const form = (changes: Record<string, string>) => ({ ...configFormValues(activeScoringConfig(db).config), ...changes });

  it("is for admins only", async () => {
    expect((await run(scoring.loader, args(path, {}))).status).toBe(302);
    for (const user of ["redazione", "rtdBergamo"]) {
      expect((await run(scoring.loader, args(path, {}, { user }))).status).toBe(403);
      expect((await run(scoring.action, args(path, {}, { user, form: form({ "weights.programmazione": "34", "weights.maturita": "16" }) }))).status).toBe(403);
    }
    expect(activeScoringConfig(db).revision).toBe(1);
  });

  it("refuses invalid values with Italian messages on the fields, and saves nothing", async () => {
    const wrongSum = await run(scoring.action, args(path, {}, { user: "admin", form: form({ "weights.programmazione": "34" }) }));
    expect(wrongSum.status).toBe(200);
    expect(wrongSum.body.errors).toEqual({ weights: "I pesi devono sommare a 100 (ora 99)." });

    const notNumber = await run(scoring.action, args(path, {}, { user: "admin", form: form({ "programme.themeShare": "molto", "time.minPreparationDays": "venti" }) }));
    expect(notNumber.status).toBe(200);
    expect(notNumber.body.errors).toEqual({
      "programme.themeShare": "«Quota dei temi nella coerenza di una voce (il resto è similarità del testo)» deve essere un numero tra 0 e 1 (es. 0,6).",
      "time.minPreparationDays": "«Giorni minimi per preparare una domanda» deve essere un numero.",
    });

    const outOfRange = await run(scoring.action, args(path, {}, { user: "admin", form: form({ "money.baselineShare": "1,5", "weights.tempi": "15,5" }) }));
    expect(outOfRange.status).toBe(200);
    expect(outOfRange.body.errors).toMatchObject({
      "money.baselineShare": "«Valore massimo senza una voce con budget» deve essere un numero tra 0 e 1.",
      "weights.tempi": "Il peso «Tempi per presentare la domanda» deve essere un intero tra 0 e 100.",
    });
    expect(activeScoringConfig(db).revision).toBe(1);
    expect(kicks).toBe(0);
  });

  it("saves a new revision (decimal commas accepted), logs who, wakes the matching worker", async () => {
    const saved = await run(
      scoring.action,
      args(path, {}, { user: "admin", form: form({ "weights.programmazione": "40", "weights.dimensione": "5", "programme.themeShare": "0,55", nota: "Più peso alla programmazione" }) }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body.ok).toMatch(/^Configurazione salvata \(revisione 2\)/);
    const active = activeScoringConfig(db);
    expect(active).toMatchObject({ revision: 2 });
    expect(active.config).toEqual({
      ...DEFAULT_SCORING_CONFIG,
      revision: 2,
      weights: { ...DEFAULT_SCORING_CONFIG.weights, programmazione: 40, dimensione: 5 },
      programme: { ...DEFAULT_SCORING_CONFIG.programme, themeShare: 0.55 },
    });
    expect(kicks).toBe(1);
    const history = scoringConfigHistory(db, 1, 20);
    expect(history.total).toBe(2);
    expect(history.items.map((v) => [v.revision, v.active, v.createdBy, v.note])).toEqual([
      [2, true, "admin@anci.example", "Più peso alla programmazione"],
      [1, false, null, "Configurazione predefinita"],
    ]);
    const logged = db.select().from(securityLog).where(eq(securityLog.action, "punteggio-modificato")).all();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.target).toBe(`revisione:2 impronta:${active.fingerprint}`);

    const again = await run(scoring.action, args(path, {}, { user: "admin", form: form({}) }));
    expect(again.body.ok).toBe("Nessuna modifica: la configurazione attiva è già questa.");
    expect(activeScoringConfig(db).revision).toBe(2);
    const page = await run(scoring.loader, args(path, {}, { user: "admin" }));
    expect(page.body).toMatchObject({ active: { revision: 2 }, pending: { calls: expect.any(Number), comuni: 1506 } });
  });
});

describe("dismissals (the comune's RTDs and staff)", () => {
  const path = "/comuni/016024/segnalazioni";
  const params = { istat: "016024" };
  const stored = (istat: string) => db.select().from(dismissals).where(eq(dismissals.istat, istat)).all();

  it("records a dismissal for the comune of the URL only, marks it for re-matching, redirects safely", async () => {
    clearRematch(db);
    const refused = await run(segnalazioni.action, args(path, params, { user: "rtdAdrara", form: { intent: "segnala", bando: "demo:pnrr-145-comuni-2026", motivo: "altro" } }));
    expect(refused.status).toBe(403);
    expect(stored("016024")).toEqual([]);

    const ok = await run(
      segnalazioni.action,
      args(path, params, {
        user: "rtdBergamo",
        form: { intent: "segnala", bando: "demo:pnrr-145-comuni-2026", motivo: "importo-non-adeguato", nota: "Importo troppo basso", istat: "016001", redirectTo: "//evil.example" },
      }),
    );
    expect(ok).toMatchObject({ status: 302, location: "/comuni/016024/segnalazioni" });
    const callId = resolveCall(db, "demo:pnrr-145-comuni-2026")!.id;
    expect(stored("016024")).toMatchObject([{ callId, reason: "importo-non-adeguato", note: "Importo troppo basso" }]);
    expect(stored("016001")).toEqual([]);
    expect(pendingRematch(db)).toEqual(["016024"]);
    expect(kicks).toBeGreaterThan(1);

    const list = await run(segnalazioni.loader, args(path, params, { user: "rtdBergamo" }));
    expect(list.body.items).toMatchObject([{ publicId: "demo:pnrr-145-comuni-2026", reason: "importo-non-adeguato" }]);
  });

  it("says what is wrong: unknown call, missing reason", async () => {
    const unknown = await run(segnalazioni.action, args(path, params, { user: "rtdBergamo", form: { intent: "segnala", bando: "demo:inesistente", motivo: "altro" } }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("Bando non trovato tra quelli pubblicati.");
    const noReason = await run(segnalazioni.action, args(path, params, { user: "rtdBergamo", form: { intent: "segnala", bando: "demo:pnrr-145-comuni-2026" } }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.fieldErrors).toEqual({ motivo: "Scegli il motivo." });
  });

  it("withdraws a dismissal (staff too), and re-marks the comune", async () => {
    clearRematch(db);
    const callId = resolveCall(db, "demo:pnrr-145-comuni-2026")!.id;
    const undo = await run(segnalazioni.action, args(path, params, { user: "redazione", form: { intent: "annulla", bando: "demo:pnrr-145-comuni-2026", redirectTo: "/comuni/016024" } }));
    expect(undo).toMatchObject({ status: 302, location: "/comuni/016024" });
    expect(db.select().from(dismissals).where(and(eq(dismissals.istat, "016024"), eq(dismissals.callId, callId))).all()).toEqual([]);
    expect(db.select({ p: comuni.rematchPending }).from(comuni).where(eq(comuni.istat, "016024")).get()?.p).toBe(true);
    const twice = await run(segnalazioni.action, args(path, params, { user: "redazione", form: { intent: "annulla", bando: "demo:pnrr-145-comuni-2026" } }));
    expect(twice.status).toBe(404);
  });
});
