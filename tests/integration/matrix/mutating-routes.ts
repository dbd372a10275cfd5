import { and, eq, inArray, isNull } from "drizzle-orm";
import { writeTransaction } from "~db/client.server";
import { aggregations, alertSubscriptions, calls, callTracking, dismissals, themes, maturityEntries, notifications, outbox, programmeItems, scoringConfigs, sessions, userTokens, users } from "~db/schema";
import { unsubscribeToken } from "~/alerts/tokens.server";
import { hashToken } from "~/auth/crypto.server";
import { addNotification, confirmGuestSubscription, requestGuestSubscription, saveUserSubscription, settingsOf } from "~/data/alerts.server";
import { defaultSettings } from "~/domain/alerts/settings";
import { saveAggregation } from "~/data/aggregations.server";
import { resolveCall } from "~/data/calls.server";
import { dismissCall, undoDismissal } from "~/data/dismissals.server";
import { activeScoringConfig } from "~/data/scoring-config.server";
import { configFormValues } from "~/domain/matching/config-form";
import { createProgrammeItem } from "~/data/programme.server";
import { removeTracking, setTracking } from "~/data/tracking.server";
import { inviteUser } from "~/auth/accounts.server";
import { createPendingLogin } from "~/auth/session.server";
import { generateTotpSecret, totpCode } from "~/auth/totp.server";
import { enqueueMail } from "~/data/outbox.server";
import { issueToken } from "~/data/tokens.server";
import { createUser, setDisabled, setTotp } from "~/data/users.server";
import { honeypotFields } from "~/utils/honeypot.server";
import { makeUser, TEST_PASSWORD } from "../../setup/accounts";
import {
  callFor,
  callInState,
  callsOfCase,
  callWithCuratorThemes,
  callWithDuplicate,
  callWithPendingChange,
  editFormFor,
  scheduledSourceFor,
  scheduledSourceRow,
  scheduledSourcesNamed,
  twoCalls,
  uploadFile,
  uploadState,
} from "./calls";
import { COMUNE_ACCESS, EVERYONE, LOGGED_IN, STAFF, type Actor, type MatrixContext } from "./context";

/**
 * THE TABLE OF EVERY MUTATING ROUTE (every route module that exports an `action`).
 * One row per route and intent: the form it posts, what it may change (`state`, read before and
 * after), and who may do it. The runner (route-matrix.test.ts) posts each row as each actor —
 * as a document POST, a single-fetch `.data` request, a classic `?_data` request and a
 * cross-origin POST — and checks the status, that nothing changed where refused, and that the
 * change did happen where allowed. A test fails when a route with an action has no row here.
 *
 * To add a route: one row. `path` must point at something of `ctx.comune` for comune routes
 * (the runner's "RTD of the comune" serves ctx.comune, the "RTD of another comune" does not).
 */
export interface MutatingRoute {
  /** Route module id: the file name under app/routes without extension. */
  route: string;
  /** What this row does (a route with several intents has one row each). */
  name: string;
  /** Who may do it; the others are refused with 401 (anonymous) or 403. */
  allowed: Actor[];
  /** Refusal status per actor, when not the default (anonymous 401, others 403). */
  refusedStatus?: Partial<Record<Actor, number>>;
  /** A resource route (no page): only document and cross-origin POSTs apply. */
  resource?: boolean;
  /** Allowed actors for whom the request succeeds but legitimately changes nothing. */
  noChangeFor?: Actor[];
  /** Makes what the case needs (target users, tokens …); runs before each request. */
  prepare?: (ctx: MatrixContext) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** The URL path (with `?index` for index routes). */
  path: (ctx: MatrixContext) => string;
  form: (ctx: MatrixContext) => Record<string, string> | Promise<Record<string, string>>;
  /** Files to send: the request becomes multipart/form-data (with the `form` fields). */
  files?: (ctx: MatrixContext) => Record<string, { name: string; type: string; content: string | Uint8Array<ArrayBuffer> }>;
  /** Extra cookies (e.g. the pending-login cookie of the TOTP step). */
  cookies?: (ctx: MatrixContext) => Promise<string[]> | string[];
  /** What the route may change, as a comparable value. */
  state: (ctx: MatrixContext) => unknown;
}

const fixture = <T>(ctx: MatrixContext, key: string) => ctx.fixture[key] as T;
const userRow = (ctx: MatrixContext, id: number) => ctx.db.select().from(users).where(eq(users.id, id)).get();
const actorId = (ctx: MatrixContext) => ctx.actor?.id ?? -1;

async function targetUser(ctx: MatrixContext, role: "rtd" | "lettore" = "rtd") {
  const user = await makeUser(ctx.db, { role, comuni: role === "rtd" ? [ctx.comune] : [], email: `bersaglio-${ctx.unique}@example.org` });
  return { targetId: user.id, targetEmail: user.email };
}

export function programmeItemFor(ctx: MatrixContext): number {
  const result = createProgrammeItem(ctx.db, ctx.comune, {
    title: `Voce esistente ${ctx.unique}`,
    description: null,
    themes: ["cloud"],
    amount: 5000,
    startYear: 2026,
    endYear: 2026,
    instrument: "DUP",
    state: "previsto",
  });
  if (!result.ok) throw new Error("voce di prova non creata");
  return result.id;
}

export function aggregationFor(ctx: MatrixContext): number {
  const result = saveAggregation(ctx.db, undefined, {
    name: `Unione esistente ${ctx.unique}`,
    type: "unione-di-comuni",
    leadIstat: ctx.comune,
    members: [ctx.comune],
  });
  if (!result.ok) throw new Error("aggregazione di prova non creata");
  return result.id;
}

/** A published demo call (the server's database loads the demo set on first start). */
const DEMO_CALL = "demo:pnrr-145-comuni-2026";

function dismissalState(ctx: MatrixContext) {
  return ctx.db.select().from(dismissals).where(eq(dismissals.istat, ctx.comune)).orderBy(dismissals.callId).all();
}

/** A published call of the server's database (the demo calls a fresh database is loaded with). */
export function publishedCallFor(ctx: MatrixContext): { id: number; publicId: string } {
  const row = ctx.db
    .select({ id: calls.id, publicId: calls.publicId })
    .from(calls)
    .where(and(eq(calls.reviewState, "pubblicato"), isNull(calls.mergedIntoId)))
    .orderBy(calls.id)
    .limit(1)
    .get();
  if (!row) throw new Error("nessun bando pubblicato nel database di prova");
  return row;
}

const trackingState = (ctx: MatrixContext) =>
  ctx.db
    .select({ istat: callTracking.istat, stage: callTracking.stage, notes: callTracking.notes })
    .from(callTracking)
    .where(and(eq(callTracking.callId, fixture<number>(ctx, "callId")), inArray(callTracking.istat, [ctx.comune, ctx.otherComune])))
    .orderBy(callTracking.istat)
    .all();

export const MUTATING_ROUTES: MutatingRoute[] = [
  // ------------------------------------------------------------ the public API is read-only
  {
    route: "api.$",
    name: "any write to the API",
    allowed: [],
    refusedStatus: { anonimo: 405, rtdAltro: 405, rtdComune: 405, redazione: 405, admin: 405 },
    resource: true,
    path: () => "/api/v1/comuni/nuovo",
    form: () => ({ nome: "Comune inventato" }),
    state: (ctx) => ctx.db.$client.prepare("SELECT count(*) AS n FROM comuni").get(),
  },

  // ------------------------------------------------------------ public (the form itself is the credential)
  {
    route: "accedi",
    name: "login",
    allowed: EVERYONE,
    prepare: (ctx) => targetUser(ctx, "lettore"),
    path: () => "/accedi",
    form: (ctx) => ({ email: fixture<string>(ctx, "targetEmail"), password: TEST_PASSWORD, redirectTo: "/" }),
    state: (ctx) => ctx.db.select().from(sessions).where(eq(sessions.userId, fixture<number>(ctx, "targetId"))).all().length,
  },
  {
    route: "accedi_.verifica",
    name: "second factor (TOTP)",
    allowed: EVERYONE,
    prepare: async (ctx) => {
      const target = await makeUser(ctx.db, { role: "redazione", email: `totp-${ctx.unique}@example.org` });
      const secret = generateTotpSecret();
      writeTransaction(ctx.db, (tx) => setTotp(tx, target.id, { secret, step: 0 }));
      return { targetId: target.id, secret };
    },
    path: () => "/accedi/verifica",
    form: (ctx) => ({ code: totpCode(fixture<string>(ctx, "secret"), new Date()) }),
    cookies: async (ctx) => [(await createPendingLogin({ userId: fixture<number>(ctx, "targetId"), redirectTo: "/" })).split(";")[0]!],
    state: (ctx) => ctx.db.select().from(sessions).where(eq(sessions.userId, fixture<number>(ctx, "targetId"))).all().length,
  },
  {
    route: "esci",
    name: "logout",
    allowed: EVERYONE,
    noChangeFor: ["anonimo"],
    path: () => "/esci",
    form: () => ({}),
    state: (ctx) => ctx.db.select().from(sessions).where(eq(sessions.userId, actorId(ctx))).all().length,
  },
  {
    route: "password-dimenticata",
    name: "password reset request",
    allowed: EVERYONE,
    prepare: (ctx) => targetUser(ctx, "lettore"),
    path: () => "/password-dimenticata",
    form: (ctx) => {
      const hp = honeypotFields(new Date(), ctx.db);
      return { email: fixture<string>(ctx, "targetEmail"), [hp.nameField]: "", [hp.timeField]: hp.timeValue };
    },
    state: (ctx) => ctx.db.select().from(outbox).where(eq(outbox.recipient, fixture<string>(ctx, "targetEmail"))).all().length,
  },
  {
    route: "reimposta-password.$token",
    name: "password reset",
    allowed: EVERYONE,
    prepare: async (ctx) => {
      const target = await targetUser(ctx, "lettore");
      const { token } = writeTransaction(ctx.db, (tx) => issueToken(tx, { userId: target.targetId, purpose: "reimposta-password", createdBy: "test" }));
      return { ...target, token };
    },
    path: (ctx) => `/reimposta-password/${fixture<string>(ctx, "token")}`,
    form: () => ({ password: "nuova password lunga", confirm: "nuova password lunga" }),
    state: (ctx) => userRow(ctx, fixture<number>(ctx, "targetId"))?.passwordHash,
  },
  {
    route: "invito.$token",
    name: "accept invitation",
    allowed: EVERYONE,
    prepare: (ctx) => {
      const { user, link } = inviteUser(ctx.db, { email: `invitato-${ctx.unique}@example.org`, role: "lettore", comuni: [], sendEmail: false }, { ref: "test" });
      return { targetId: user.id, token: link.split("/").at(-1)! };
    },
    path: (ctx) => `/invito/${fixture<string>(ctx, "token")}`,
    form: () => ({ password: "password scelta da me", confirm: "password scelta da me" }),
    state: (ctx) => userRow(ctx, fixture<number>(ctx, "targetId"))?.passwordHash,
  },
  {
    route: "conferma-email.$token",
    name: "confirm new e-mail",
    allowed: EVERYONE,
    prepare: async (ctx) => {
      const target = await targetUser(ctx, "lettore");
      const { token } = writeTransaction(ctx.db, (tx) =>
        issueToken(tx, { userId: target.targetId, purpose: "conferma-email", createdBy: "test", payload: `nuovo-${ctx.unique}@example.org` }),
      );
      return { ...target, token };
    },
    path: (ctx) => `/conferma-email/${fixture<string>(ctx, "token")}`,
    form: () => ({}),
    state: (ctx) => userRow(ctx, fixture<number>(ctx, "targetId"))?.email,
  },

  // ------------------------------------------------------------ one's own account
  {
    route: "account._index",
    name: "notification consent",
    allowed: LOGGED_IN,
    path: () => "/account?index",
    form: () => ({ consenso: "si" }),
    state: (ctx) => userRow(ctx, actorId(ctx))?.notificationsConsent,
  },
  {
    route: "account.password",
    name: "change password",
    allowed: LOGGED_IN,
    path: () => "/account/password",
    form: () => ({ currentPassword: TEST_PASSWORD, newPassword: "nuova password lunga", confirm: "nuova password lunga" }),
    state: (ctx) => userRow(ctx, actorId(ctx))?.passwordHash,
  },
  {
    route: "account.email",
    name: "change e-mail (request)",
    allowed: LOGGED_IN,
    path: () => "/account/email",
    form: (ctx) => ({ newEmail: `cambio-${ctx.unique}@example.org`, currentPassword: TEST_PASSWORD }),
    state: (ctx) => ctx.db.select().from(userTokens).where(eq(userTokens.userId, actorId(ctx))).all().length,
  },
  {
    route: "account.verifica-due-passaggi",
    name: "enable TOTP",
    allowed: ["redazione", "admin"],
    prepare: () => ({ secret: generateTotpSecret() }),
    path: () => "/account/verifica-due-passaggi",
    form: (ctx) => ({ intent: "attiva", secret: fixture<string>(ctx, "secret"), code: totpCode(fixture<string>(ctx, "secret"), new Date()) }),
    state: (ctx) => userRow(ctx, actorId(ctx))?.totpSecret,
  },
  {
    route: "account.verifica-due-passaggi",
    name: "disable TOTP",
    allowed: ["redazione", "admin"],
    prepare: (ctx) => {
      if (ctx.actor) writeTransaction(ctx.db, (tx) => setTotp(tx, ctx.actor!.id, { secret: generateTotpSecret(), step: 0 }));
      return {};
    },
    path: () => "/account/verifica-due-passaggi",
    form: () => ({ intent: "disattiva", currentPassword: TEST_PASSWORD }),
    state: (ctx) => userRow(ctx, actorId(ctx))?.totpSecret,
  },
  {
    route: "account.dati",
    name: "delete my account",
    allowed: LOGGED_IN,
    path: () => "/account/dati",
    form: () => ({ conferma: "ELIMINA", currentPassword: TEST_PASSWORD }),
    state: (ctx) => userRow(ctx, actorId(ctx))?.id ?? null,
  },

  // ------------------------------------------------------------ administration (admins only)
  {
    route: "amministrazione.utenti.nuovo",
    name: "invite a user",
    allowed: ["admin"],
    path: () => "/amministrazione/utenti/nuovo",
    form: (ctx) => ({ email: `nuovo-${ctx.unique}@example.org`, name: "Nuovo Utente", role: "rtd", comuni: ctx.comune }),
    state: (ctx) => ctx.db.select().from(users).where(eq(users.email, `nuovo-${ctx.unique}@example.org`)).all().length,
  },
  {
    route: "amministrazione.utenti.$id",
    name: "change role and comuni",
    allowed: ["admin"],
    prepare: (ctx) => targetUser(ctx),
    path: (ctx) => `/amministrazione/utenti/${fixture<number>(ctx, "targetId")}`,
    form: (ctx) => ({ intent: "ruolo", role: "rtd", comuni: `${ctx.comune}, ${ctx.otherComune}` }),
    state: (ctx) => JSON.stringify([userRow(ctx, fixture<number>(ctx, "targetId"))?.role, ctx.db.$client.prepare("SELECT istat FROM user_comuni WHERE user_id = ? ORDER BY istat").all(fixture<number>(ctx, "targetId"))]),
  },
  {
    route: "amministrazione.utenti.$id",
    name: "disable an account",
    allowed: ["admin"],
    prepare: (ctx) => targetUser(ctx),
    path: (ctx) => `/amministrazione/utenti/${fixture<number>(ctx, "targetId")}`,
    form: () => ({ intent: "disattiva" }),
    state: (ctx) => userRow(ctx, fixture<number>(ctx, "targetId"))?.disabledAt ?? null,
  },
  {
    route: "amministrazione.utenti.$id",
    name: "enable an account",
    allowed: ["admin"],
    prepare: async (ctx) => {
      const target = await targetUser(ctx);
      writeTransaction(ctx.db, (tx) => setDisabled(tx, target.targetId, true));
      return target;
    },
    path: (ctx) => `/amministrazione/utenti/${fixture<number>(ctx, "targetId")}`,
    form: () => ({ intent: "riattiva" }),
    state: (ctx) => userRow(ctx, fixture<number>(ctx, "targetId"))?.disabledAt ?? null,
  },
  {
    route: "amministrazione.utenti.$id",
    name: "resend an invitation",
    allowed: ["admin"],
    prepare: (ctx) => {
      const { user } = inviteUser(ctx.db, { email: `reinvito-${ctx.unique}@example.org`, role: "lettore", comuni: [], sendEmail: false }, { ref: "test" });
      return { targetId: user.id };
    },
    path: (ctx) => `/amministrazione/utenti/${fixture<number>(ctx, "targetId")}`,
    form: () => ({ intent: "invito" }),
    state: (ctx) =>
      ctx.db
        .select({ hash: userTokens.tokenHash })
        .from(userTokens)
        .where(and(eq(userTokens.userId, fixture<number>(ctx, "targetId")), isNull(userTokens.usedAt)))
        .all(),
  },
  {
    route: "amministrazione.utenti.$id",
    name: "reset a lost TOTP",
    allowed: ["admin"],
    prepare: async (ctx) => {
      const target = await makeUser(ctx.db, { role: "redazione", email: `perso-${ctx.unique}@example.org` });
      writeTransaction(ctx.db, (tx) => setTotp(tx, target.id, { secret: generateTotpSecret(), step: 0 }));
      return { targetId: target.id };
    },
    path: (ctx) => `/amministrazione/utenti/${fixture<number>(ctx, "targetId")}`,
    form: () => ({ intent: "azzera-totp" }),
    state: (ctx) => userRow(ctx, fixture<number>(ctx, "targetId"))?.totpSecret,
  },
  {
    route: "amministrazione.posta",
    name: "re-queue a dead letter",
    allowed: ["admin"],
    prepare: (ctx) => {
      const row = writeTransaction(ctx.db, (tx) =>
        enqueueMail(tx, { kind: "prova", to: `morto-${ctx.unique}@example.org`, subject: "x", text: "x" }, { domain: "example.org", now: new Date(Date.now() + 86_400_000) }),
      )!;
      ctx.db.update(outbox).set({ status: "fallito" }).where(eq(outbox.id, row.id)).run();
      return { messageId: row.id };
    },
    path: () => "/amministrazione/posta",
    form: (ctx) => ({ intent: "riaccoda", id: String(fixture<number>(ctx, "messageId")) }),
    state: (ctx) => ctx.db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, fixture<number>(ctx, "messageId"))).get()?.status,
  },

  // ------------------------------------------------------------ comune profiles (issue 4)
  {
    route: "comuni.$istat.programmazione.nuova",
    name: "add a programming item",
    allowed: COMUNE_ACCESS,
    path: (ctx) => `/comuni/${ctx.comune}/programmazione/nuova`,
    form: (ctx) => ({
      title: `Migrazione in cloud dei servizi ${ctx.unique}`,
      description: "Voce di prova",
      themes: "cloud",
      amount: "25000",
      startYear: "2026",
      endYear: "2027",
      instrument: "PT-ICT",
      state: "previsto",
      // Extra fields are ignored (SECURITY.md 8): the comune comes from the URL only.
      istat: ctx.otherComune,
      comuneId: ctx.otherComune,
    }),
    state: (ctx) =>
      ctx.db
        .select({ istat: programmeItems.istat, title: programmeItems.title })
        .from(programmeItems)
        .where(inArray(programmeItems.istat, [ctx.comune, ctx.otherComune]))
        .all(),
  },
  {
    route: "comuni.$istat.programmazione.$id",
    name: "edit a programming item",
    allowed: COMUNE_ACCESS,
    prepare: (ctx) => ({ itemId: programmeItemFor(ctx) }),
    path: (ctx) => `/comuni/${ctx.comune}/programmazione/${fixture<number>(ctx, "itemId")}`,
    form: (ctx) => ({
      title: `Voce modificata ${ctx.unique}`,
      description: "",
      themes: "servizi-digitali",
      amount: "10000",
      startYear: "2026",
      endYear: "2026",
      instrument: "DUP",
      state: "in-corso",
    }),
    state: (ctx) => ctx.db.select().from(programmeItems).where(eq(programmeItems.id, fixture<number>(ctx, "itemId"))).get(),
  },
  {
    route: "comuni.$istat.programmazione.$id",
    name: "delete a programming item",
    allowed: COMUNE_ACCESS,
    prepare: (ctx) => ({ itemId: programmeItemFor(ctx) }),
    path: (ctx) => `/comuni/${ctx.comune}/programmazione/${fixture<number>(ctx, "itemId")}`,
    form: () => ({ intent: "elimina" }),
    state: (ctx) => ctx.db.select().from(programmeItems).where(eq(programmeItems.id, fixture<number>(ctx, "itemId"))).get() ?? null,
  },
  {
    route: "comuni.$istat.maturita",
    name: "set the maturity checklist",
    allowed: COMUNE_ACCESS,
    path: (ctx) => `/comuni/${ctx.comune}/maturita`,
    // A different date per case, so every allowed actor makes a visible change.
    form: (ctx) => ({
      "stato-pagopa": "completato",
      "data-pagopa": `2025-${String((Number.parseInt(ctx.unique, 10) % 12) + 1).padStart(2, "0")}-01`,
      "stato-send": "in-corso",
      "data-send": `2024-${String((Number.parseInt(ctx.unique, 10) % 12) + 1).padStart(2, "0")}-15`,
    }),
    state: (ctx) =>
      ctx.db
        .select({ key: maturityEntries.key, state: maturityEntries.state, date: maturityEntries.date, setBy: maturityEntries.setBy })
        .from(maturityEntries)
        .where(eq(maturityEntries.istat, ctx.comune))
        .orderBy(maturityEntries.key)
        .all(),
  },
  {
    route: "aggregazioni.nuova",
    name: "create an aggregation",
    allowed: STAFF,
    path: () => "/aggregazioni/nuova",
    form: (ctx) => ({
      name: `Unione di prova ${ctx.unique}`,
      type: "unione-di-comuni",
      leadIstat: ctx.comune,
      members: `${ctx.comune}\n${ctx.otherComune}`,
    }),
    state: (ctx) => ctx.db.select({ name: aggregations.name }).from(aggregations).all(),
  },
  {
    route: "aggregazioni.$id.modifica",
    name: "edit an aggregation",
    allowed: STAFF,
    prepare: (ctx) => ({ aggregationId: aggregationFor(ctx) }),
    path: (ctx) => `/aggregazioni/${fixture<number>(ctx, "aggregationId")}/modifica`,
    form: (ctx) => ({ name: `Unione rinominata ${ctx.unique}`, type: "convenzione", leadIstat: ctx.otherComune, members: ctx.otherComune }),
    state: (ctx) => ctx.db.select().from(aggregations).where(eq(aggregations.id, fixture<number>(ctx, "aggregationId"))).get(),
  },
  {
    route: "aggregazioni.$id.modifica",
    name: "delete an aggregation",
    allowed: STAFF,
    prepare: (ctx) => ({ aggregationId: aggregationFor(ctx) }),
    path: (ctx) => `/aggregazioni/${fixture<number>(ctx, "aggregationId")}/modifica`,
    form: () => ({ intent: "elimina" }),
    state: (ctx) => ctx.db.select().from(aggregations).where(eq(aggregations.id, fixture<number>(ctx, "aggregationId"))).get() ?? null,
  },
  // ------------------------------------------------------------ the curators' area (staff only)
  ...(
    [
      ["publish", "publish a call to review", (ctx: MatrixContext) => callFor(ctx)],
      ["archive", "archive a published call", (ctx: MatrixContext) => callFor(ctx, { publish: true })],
      ["discard", "discard a call", (ctx: MatrixContext) => callFor(ctx)],
      ["reopen", "reopen a discarded call", (ctx: MatrixContext) => callInState(ctx, "scartato")],
      ["approve", "approve a source's pending change", callWithPendingChange],
      ["reject", "reject a source's pending change", callWithPendingChange],
      ["release-themes", "hand the themes back to the sources", callWithCuratorThemes],
    ] as const
  ).map(
    ([intent, name, prepare]): MutatingRoute => ({
      route: "redazione.bandi.$id._index",
      name,
      allowed: STAFF,
      prepare,
      path: (ctx) => `/redazione/bandi/${fixture<number>(ctx, "callId")}?index`,
      form: () => ({ intent }),
      state: callsOfCase,
    }),
  ),
  {
    route: "redazione.bandi.$id._index",
    name: "merge a duplicate into a call",
    allowed: STAFF,
    prepare: twoCalls,
    path: (ctx) => `/redazione/bandi/${fixture<number>(ctx, "callId")}?index`,
    form: (ctx) => ({ intent: "merge", altro: fixture<string>(ctx, "otherAlias") }),
    state: callsOfCase,
  },
  {
    route: "redazione.bandi.$id._index",
    name: "split a source off a call",
    allowed: STAFF,
    prepare: callWithDuplicate,
    path: (ctx) => `/redazione/bandi/${fixture<number>(ctx, "callId")}?index`,
    form: (ctx) => ({ intent: "split", alias: fixture<string>(ctx, "alias") }),
    state: callsOfCase,
  },
  {
    route: "redazione.bandi.$id.modifica",
    name: "edit a call's fields",
    allowed: STAFF,
    prepare: (ctx) => {
      const { callId } = callFor(ctx);
      return { callId, form: editFormFor(ctx, callId) };
    },
    path: (ctx) => `/redazione/bandi/${fixture<number>(ctx, "callId")}/modifica`,
    form: (ctx) => fixture<Record<string, string>>(ctx, "form"),
    state: callsOfCase,
  },
  {
    route: "redazione.carica",
    name: "upload a file of calls",
    allowed: STAFF,
    path: () => "/redazione/carica",
    form: () => ({ fonte: "bando-json" }),
    files: (ctx) => ({ file: uploadFile(ctx) }),
    state: uploadState,
  },
  {
    route: "redazione.fonti._index",
    name: "create a scheduled source",
    allowed: STAFF,
    path: () => "/redazione/fonti?index",
    // Not enabled: the server's scheduler must not fetch it while the test runs.
    form: (ctx) => ({ name: `Fonte nuova ${ctx.unique}`, adapter: "bando-json", url: `https://example.org/nuova-${ctx.unique}.json`, schedule: "ogni giorno alle 06:00" }),
    state: (ctx) => scheduledSourcesNamed(ctx, `Fonte nuova ${ctx.unique}`),
  },
  {
    route: "redazione.fonti.$id",
    name: "edit a scheduled source",
    allowed: STAFF,
    prepare: scheduledSourceFor,
    path: (ctx) => `/redazione/fonti/${fixture<number>(ctx, "sourceId")}`,
    form: (ctx) => ({ name: `Fonte rinominata ${ctx.unique}`, adapter: "rss", url: `https://example.org/${ctx.unique}.xml`, schedule: "ogni lunedì alle 07:30" }),
    state: (ctx) => scheduledSourceRow(ctx, fixture<number>(ctx, "sourceId")),
  },
  {
    route: "redazione.fonti.$id",
    name: "run a scheduled source now",
    allowed: STAFF,
    prepare: scheduledSourceFor,
    path: (ctx) => `/redazione/fonti/${fixture<number>(ctx, "sourceId")}`,
    form: () => ({ intent: "run-now" }),
    state: (ctx) => scheduledSourceRow(ctx, fixture<number>(ctx, "sourceId")),
  },

  // ------------------------------------------------------------ matching (docs/decisions/0060)
  {
    route: "comuni.$istat.segnalazioni",
    name: "dismiss a call as not relevant",
    allowed: COMUNE_ACCESS,
    prepare: (ctx) => {
      const callId = resolveCall(ctx.db, DEMO_CALL)!.id;
      undoDismissal(ctx.db, ctx.comune, callId);
      return { callId };
    },
    path: (ctx) => `/comuni/${ctx.comune}/segnalazioni`,
    form: (ctx) => ({ intent: "segnala", bando: DEMO_CALL, motivo: "tema-non-pertinente", nota: `Prova ${ctx.unique}` }),
    state: (ctx) => dismissalState(ctx),
  },
  {
    route: "comuni.$istat.segnalazioni",
    name: "withdraw a dismissal",
    allowed: COMUNE_ACCESS,
    prepare: (ctx) => {
      const callId = resolveCall(ctx.db, DEMO_CALL)!.id;
      dismissCall(ctx.db, { istat: ctx.comune, callId, reason: "altro", note: null, userId: null });
      return { callId };
    },
    path: (ctx) => `/comuni/${ctx.comune}/segnalazioni`,
    form: () => ({ intent: "annulla", bando: DEMO_CALL }),
    state: (ctx) => dismissalState(ctx),
  },
  {
    route: "amministrazione.punteggio",
    name: "save the scoring configuration",
    allowed: ["admin"],
    path: () => "/amministrazione/punteggio",
    // Each case moves a point between two weights, so every allowed save is a real change.
    form: (ctx) => {
      const values = configFormValues(activeScoringConfig(ctx.db).config);
      const shifted = values["weights.programmazione"] === "35";
      return { ...values, "weights.programmazione": shifted ? "34" : "35", "weights.maturita": shifted ? "16" : "15", nota: `Prova ${ctx.unique}` };
    },
    state: (ctx) => ctx.db.select({ revision: scoringConfigs.revision, active: scoringConfigs.active }).from(scoringConfigs).all(),
  },

  // ------------------------------------------------------------ theme labels and keywords (API.md: curators edit them)
  {
    route: "redazione.temi",
    name: "edit a theme's label and keywords",
    allowed: STAFF,
    path: () => "/redazione/temi",
    // A different keyword per case, so every allowed save is a visible change; the key stays.
    form: (ctx) => ({ key: "sport", label: `Sport ${ctx.unique}`, keywords: `sport\nimpianti sportivi\nparola-${ctx.unique}`, nuovaChiave: "calcio" }),
    state: (ctx) => ctx.db.select().from(themes).all(),
  },
  {
    route: "comuni.$istat.candidature",
    name: "follow a call",
    allowed: COMUNE_ACCESS,
    prepare: (ctx) => {
      const call = publishedCallFor(ctx);
      removeTracking(ctx.db, ctx.comune, call.id);
      return { callId: call.id };
    },
    path: (ctx) => `/comuni/${ctx.comune}/candidature`,
    form: (ctx) => ({ intent: "segui", callId: String(fixture<number>(ctx, "callId")), redirectTo: `/comuni/${ctx.comune}` }),
    state: trackingState,
  },
  {
    route: "comuni.$istat.candidature",
    name: "change a tracked call's stage and notes",
    allowed: COMUNE_ACCESS,
    prepare: (ctx) => {
      const call = publishedCallFor(ctx);
      removeTracking(ctx.db, ctx.comune, call.id);
      setTracking(ctx.db, { istat: ctx.comune, callId: call.id, stage: "interessato", userId: null });
      return { callId: call.id };
    },
    path: (ctx) => `/comuni/${ctx.comune}/candidature`,
    form: (ctx) => ({ intent: "aggiorna", callId: String(fixture<number>(ctx, "callId")), stage: "candidatura-inviata", notes: `Inviata ${ctx.unique}` }),
    state: trackingState,
  },
  {
    route: "comuni.$istat.candidature",
    name: "stop following a call",
    allowed: COMUNE_ACCESS,
    prepare: (ctx) => {
      const call = publishedCallFor(ctx);
      setTracking(ctx.db, { istat: ctx.comune, callId: call.id, stage: "in-preparazione", notes: `Nota ${ctx.unique}`, userId: null });
      return { callId: call.id };
    },
    path: (ctx) => `/comuni/${ctx.comune}/candidature`,
    form: (ctx) => ({ intent: "rimuovi", callId: String(fixture<number>(ctx, "callId")) }),
    state: trackingState,
  },
  // ------------------------------------------------------------ alerts (issue 7)
  {
    route: "account.avvisi._index",
    name: "subscribe to a comune's alerts",
    allowed: LOGGED_IN,
    path: () => "/account/avvisi?index",
    form: (ctx) => ({ intent: "crea", comune: ctx.comune, frequenza: "settimanale", punteggioMinimo: "50", promemoria: "30, 14, 3", temi: "cloud", modifiche: "si" }),
    state: (ctx) => ctx.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, actorId(ctx))).all(),
  },
  {
    route: "account.avvisi._index",
    name: "turn alert e-mails on",
    allowed: LOGGED_IN,
    path: () => "/account/avvisi?index",
    form: () => ({ intent: "email", consenso: "si" }),
    state: (ctx) => userRow(ctx, actorId(ctx))?.notificationsConsent,
  },
  {
    route: "account.avvisi._index",
    name: "pause one's own subscription",
    allowed: LOGGED_IN,
    prepare: (ctx) => ({ subscriptionId: subscriptionFor(ctx) }),
    path: () => "/account/avvisi?index",
    form: (ctx) => ({ intent: "disattiva", id: String(fixture<number>(ctx, "subscriptionId")) }),
    state: (ctx) => subscriptionRow(ctx)?.status,
  },
  {
    route: "account.avvisi._index",
    name: "delete one's own subscription",
    allowed: LOGGED_IN,
    prepare: (ctx) => ({ subscriptionId: subscriptionFor(ctx) }),
    path: () => "/account/avvisi?index",
    form: (ctx) => ({ intent: "elimina", id: String(fixture<number>(ctx, "subscriptionId")) }),
    state: (ctx) => subscriptionRow(ctx)?.id ?? null,
  },
  {
    route: "account.avvisi.$id",
    name: "change one's own subscription",
    allowed: LOGGED_IN,
    prepare: (ctx) => ({ subscriptionId: subscriptionFor(ctx) }),
    path: (ctx) => `/account/avvisi/${fixture<number>(ctx, "subscriptionId")}`,
    form: () => ({ frequenza: "giornaliera", punteggioMinimo: "75", promemoria: "10", temi: "sport" }),
    state: (ctx) => JSON.stringify(subscriptionRow(ctx) ? settingsOf(subscriptionRow(ctx)!) : null),
  },
  {
    route: "notifiche",
    name: "mark a notification read",
    allowed: LOGGED_IN,
    prepare: (ctx) => {
      const userId = ctx.actor?.id;
      if (!userId) return { notificationId: -1 };
      addNotification(ctx.db, { userId, kind: "promemoria", key: `matrice-${ctx.unique}`, title: "Promemoria", body: "", link: "/" }, new Date());
      return { notificationId: ctx.db.select().from(notifications).where(eq(notifications.userId, userId)).all().at(-1)!.id };
    },
    path: () => "/notifiche",
    form: (ctx) => ({ intent: "letta", id: String(fixture<number>(ctx, "notificationId")) }),
    state: (ctx) => ctx.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, fixture<number>(ctx, "notificationId"))).get()?.readAt ?? null,
  },
  {
    route: "avvisi.iscrizione",
    name: "guest subscription request (double opt-in)",
    allowed: EVERYONE,
    path: () => "/avvisi/iscrizione",
    form: (ctx) => {
      const hp = honeypotFields(new Date(), ctx.db);
      return {
        email: `ufficio-${ctx.unique}-${Math.random().toString(36).slice(2, 8)}@comune.example.it`,
        comune: ctx.comune,
        frequenza: "settimanale",
        punteggioMinimo: "50",
        promemoria: "30, 14, 3",
        [hp.nameField]: "",
        [hp.timeField]: hp.timeValue,
      };
    },
    state: (ctx) => ctx.db.select({ n: alertSubscriptions.id }).from(alertSubscriptions).where(isNull(alertSubscriptions.userId)).all().length,
  },
  {
    route: "avvisi.conferma.$token",
    name: "confirm a guest subscription",
    allowed: EVERYONE,
    prepare: (ctx) => {
      const token = `conferma-${ctx.unique}-${Math.random().toString(36).slice(2)}`;
      const row = writeTransaction(ctx.db, (tx) =>
        requestGuestSubscription(
          tx,
          { email: `conferma-${token}@comune.example.it`, istat: ctx.comune, settings: defaultSettings(), tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000), salt: "sale" },
          new Date(),
        ),
      );
      return { token, subscriptionId: row.id };
    },
    path: (ctx) => `/avvisi/conferma/${fixture<string>(ctx, "token")}`,
    form: () => ({}),
    state: (ctx) => subscriptionRow(ctx)?.status,
  },
  {
    route: "avvisi.disiscrizione.$token",
    name: "one-click unsubscribe (RFC 8058)",
    allowed: EVERYONE,
    prepare: (ctx) => {
      const row = guestSubscriptionFor(ctx);
      return { subscriptionId: row.id, token: unsubscribeToken([row], ctx.db) };
    },
    path: (ctx) => `/avvisi/disiscrizione/${fixture<string>(ctx, "token")}`,
    form: () => ({ "List-Unsubscribe": "One-Click" }),
    state: (ctx) => subscriptionRow(ctx)?.status,
  },
];

/** A subscription of the acting user (of a fresh user for anonymous cases) to the comune. */
export function subscriptionFor(ctx: MatrixContext): number {
  const userId = ctx.actor?.id ?? createUser(ctx.db, { email: `iscritto-${ctx.unique}-${Math.random().toString(36).slice(2, 8)}@example.org`, role: "lettore", comuni: [], passwordHash: null }).id;
  return writeTransaction(ctx.db, (tx) => saveUserSubscription(tx, userId, ctx.comune, defaultSettings(), `sale-${ctx.unique}`, new Date())).id;
}

/** An active guest subscription (a comune's office without an account). */
export function guestSubscriptionFor(ctx: MatrixContext) {
  const email = `ospite-${ctx.unique}-${Math.random().toString(36).slice(2, 8)}@comune.example.it`;
  return writeTransaction(ctx.db, (tx) => {
    const token = `t-${email}`;
    requestGuestSubscription(tx, { email, istat: ctx.comune, settings: defaultSettings(), tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000), salt: `sale-${email}` }, new Date());
    return confirmGuestSubscription(tx, hashToken(token), new Date())!;
  });
}

function subscriptionRow(ctx: MatrixContext) {
  return ctx.db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, fixture<number>(ctx, "subscriptionId"))).get();
}
