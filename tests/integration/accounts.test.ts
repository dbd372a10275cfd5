import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeTransaction, type Db } from "~db/client.server";
import { alertLedger, alertSubscriptions, comuni, notifications, outbox, securityLog, sessions, userTokens, users } from "~db/schema";
import {
  acceptInvitation,
  AccountError,
  attemptLogin,
  changePassword,
  changeRoleAndComuni,
  confirmEmailChange,
  deleteOwnAccount,
  enableTotp,
  exportUserData,
  inviteUser,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  resetTotp,
  setAccountDisabled,
  verifySecondFactor,
} from "~/auth/accounts.server";
import { resetAllLimits } from "~/auth/rate-limit.server";
import { ABSOLUTE_TIMEOUT_MS, createPendingLogin, createSession, getSessionUser, IDLE_TIMEOUT_MS, readPendingLogin } from "~/auth/session.server";
import { addNotification, markNotificationsRead, recordLedger, setUserSubscriptionStatus } from "~/data/alerts.server";
import { scopeToComuni } from "~/data/scope.server";
import { generateTotpSecret, totpCode } from "~/auth/totp.server";
import { getUserById } from "~/data/users.server";
import { createTestDb, useTestDb } from "../setup/db";
import { lastLinkTo, makeUser, sessionCookieFor, TEST_PASSWORD, tokenOf } from "../setup/accounts";
import { subscribe } from "../setup/alerts";

const BERGAMO = "016024";
const MILANO = "015146";
const cli = { ref: "cli", ip: null };

function requestWith(cookie: string): Request {
  return new Request("http://localhost/account", { headers: { Cookie: cookie } });
}

describe("account workflows (SECURITY.md 2, 3, 25–27)", () => {
  let db: Db;
  beforeEach(() => {
    db = useTestDb(createTestDb({ seedComuni: true }));
    resetAllLimits();
  });
  afterEach(() => db.$client.close());

  /** An in-app notification for a user (the alerts job writes them the same way). */
  const note = (userId: number, key: string, title = `Avviso ${key}`) =>
    addNotification(db, { userId, kind: "nuovo-bando", key: `${BERGAMO}:${key}`, title, body: "", link: `/comuni/${BERGAMO}` }, new Date());

  describe("invitations", () => {
    it("creates an account without password, mails a single-use link, and the link sets the password once", async () => {
      const admin = await makeUser(db, { role: "admin" });
      const { user, link } = inviteUser(db, { email: "Nuovo.RTD@Comune.Example.it", role: "rtd", comuni: [BERGAMO], sendEmail: true }, { ref: `utente:${admin.id}`, ip: null });
      expect(user.passwordHash).toBeNull();
      expect(user.email).toBe("nuovo.rtd@comune.example.it");
      expect(link).toMatch(/^http:\/\/localhost:3000\/invito\/[A-Za-z0-9_-]{43}$/);
      expect(lastLinkTo(db, user.email, "/invito")).toBe(link);
      // Only the hash of the token is stored.
      const stored = db.select().from(userTokens).all();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.tokenHash).not.toContain(tokenOf(link));
      expect(JSON.stringify(stored)).not.toContain(tokenOf(link));

      const accepted = await acceptInvitation(db, tokenOf(link), "la mia frase segreta", null);
      expect(accepted.id).toBe(user.id);
      expect((await attemptLogin(db, { email: user.email, password: "la mia frase segreta", ip: null })).kind).toBe("ok");
      await expect(acceptInvitation(db, tokenOf(link), "un'altra frase segreta", null)).rejects.toThrow(AccountError);
    });

    it("an expired invitation does not work; a new one replaces the old", async () => {
      const t0 = new Date("2026-11-01T10:00:00Z");
      const { user, link } = inviteUser(db, { email: "tardi@example.org", role: "lettore", comuni: [], sendEmail: false }, cli, t0);
      const eightDaysLater = new Date(t0.getTime() + 8 * 86_400_000);
      await expect(acceptInvitation(db, tokenOf(link), "password valida", null, eightDaysLater)).rejects.toThrow(/scaduto/);
      expect(getUserById(db, user.id)!.passwordHash).toBeNull();
    });

    it("checks role and comuni: an RTD needs a known comune, others have none", async () => {
      expect(() => inviteUser(db, { email: "a@example.org", role: "rtd", comuni: [], sendEmail: false }, cli)).toThrow(/almeno un comune/);
      expect(() => inviteUser(db, { email: "a@example.org", role: "rtd", comuni: ["999999"], sendEmail: false }, cli)).toThrow(/sconosciuti/);
      expect(() => inviteUser(db, { email: "a@example.org", role: "lettore", comuni: [BERGAMO], sendEmail: false }, cli)).toThrow(/Solo gli RTD/);
      expect(db.select().from(users).all()).toEqual([]);
    });
  });

  describe("password reset", () => {
    it("answers the same for unknown addresses; a known one gets a one-hour single-use link that ends every session", async () => {
      const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
      const cookie = await sessionCookieFor(db, user.id);
      expect(requestPasswordReset(db, "nessuno@example.org", "10.0.0.1")).toEqual({ queued: false, limited: false });
      expect(db.select().from(outbox).all()).toEqual([]);
      const now = new Date();
      expect(requestPasswordReset(db, user.email, "10.0.0.1", now).queued).toBe(true);
      const token = tokenOf(lastLinkTo(db, user.email, "/reimposta-password"));
      const expired = new Date(now.getTime() + 61 * 60_000);
      await expect(resetPassword(db, token, "nuova password lunga", null, expired)).rejects.toThrow(/scaduto/);

      await resetPassword(db, token, "nuova password lunga", null, now);
      expect(await getSessionUser(db, requestWith(cookie))).toBeNull();
      expect((await attemptLogin(db, { email: user.email, password: TEST_PASSWORD, ip: null })).kind).toBe("failed");
      expect((await attemptLogin(db, { email: user.email, password: "nuova password lunga", ip: null })).kind).toBe("ok");
      await expect(resetPassword(db, token, "ancora un'altra", null, now)).rejects.toThrow(AccountError);
      // A notice of the change goes to the account's address.
      expect(db.select().from(outbox).where(eq(outbox.kind, "password-modificata")).all()).toHaveLength(1);
    });

    it("limits requests per address and per account (no mail bombing)", async () => {
      const user = await makeUser(db, { role: "lettore" });
      for (let i = 0; i < 5; i++) expect(requestPasswordReset(db, user.email, `10.0.0.${i}`).limited).toBe(false);
      expect(requestPasswordReset(db, user.email, "10.0.0.99").limited).toBe(true);
      expect(db.select().from(outbox).all()).toHaveLength(5);
    });

    it("a disabled account gets no link", async () => {
      const admin = await makeUser(db, { role: "admin" });
      const user = await makeUser(db, { role: "lettore" });
      setAccountDisabled(db, admin, user.id, true, null);
      expect(requestPasswordReset(db, user.email, null).queued).toBe(false);
    });
  });

  describe("own account", () => {
    it("changing the password asks the current one and ends every session, this one too; the person gets a new session", async () => {
      const user = await makeUser(db, { role: "redazione" });
      const here = await sessionCookieFor(db, user.id);
      const elsewhere = await sessionCookieFor(db, user.id);
      const before = (await getSessionUser(db, requestWith(here)))!.sessionHash;
      await expect(changePassword(db, user, { currentPassword: "sbagliata", newPassword: "nuova password lunga" }, null)).rejects.toThrow(/password attuale/);
      await expect(changePassword(db, user, { currentPassword: TEST_PASSWORD, newPassword: "corta" }, null)).rejects.toThrow(/almeno 8/);
      expect(await getSessionUser(db, requestWith(here))).not.toBeNull();
      const setCookie = await changePassword(db, user, { currentPassword: TEST_PASSWORD, newPassword: "nuova password lunga" }, null);
      expect(await getSessionUser(db, requestWith(here))).toBeNull();
      expect(await getSessionUser(db, requestWith(elsewhere))).toBeNull();
      const fresh = (await getSessionUser(db, requestWith(setCookie.split(";")[0]!)))!;
      expect(fresh.user.id).toBe(user.id);
      expect(fresh.sessionHash).not.toBe(before);
      expect(setCookie).toMatch(/^__Host-cruscotto_session=[^;]+;.*HttpOnly/);
      expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all().map((s) => s.idHash)).toEqual([fresh.sessionHash]);
    });

    it("accepts 64-character passwords with no composition rules, refuses 7 characters", async () => {
      const user = await makeUser(db, { role: "lettore" });
      const long = "a".repeat(64);
      await changePassword(db, user, { currentPassword: TEST_PASSWORD, newPassword: long }, null);
      expect((await attemptLogin(db, { email: user.email, password: long, ip: null })).kind).toBe("ok");
      const fresh = getUserById(db, user.id)!;
      await expect(changePassword(db, fresh, { currentPassword: long, newPassword: "1234567" }, null)).rejects.toThrow(/almeno 8/);
    });

    it("changing the e-mail asks the current password and takes effect from the link sent to the new address", async () => {
      const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
      const other = await makeUser(db, { role: "lettore" });
      await expect(requestEmailChange(db, user, { currentPassword: "sbagliata", newEmail: "nuovo@example.org" }, null)).rejects.toThrow(/password attuale/);
      // An address already in use: same answer, nothing sent.
      await requestEmailChange(db, user, { currentPassword: TEST_PASSWORD, newEmail: other.email }, null);
      expect(db.select().from(outbox).where(eq(outbox.recipient, other.email)).all()).toEqual([]);

      await requestEmailChange(db, user, { currentPassword: TEST_PASSWORD, newEmail: "Nuovo@Example.org" }, null);
      expect(db.select().from(outbox).where(eq(outbox.recipient, user.email)).all().map((m) => m.kind)).toEqual(["avviso-cambio-email"]);
      expect(getUserById(db, user.id)!.email).toBe(user.email);
      const token = tokenOf(lastLinkTo(db, "nuovo@example.org", "/conferma-email"));
      confirmEmailChange(db, token, null);
      expect(getUserById(db, user.id)!.email).toBe("nuovo@example.org");
      expect(() => confirmEmailChange(db, token, null)).toThrow(AccountError);
    });

    it("deleting the account asks the password; the last admin cannot; sessions and comuni go with it", async () => {
      const admin = await makeUser(db, { role: "admin" });
      await expect(deleteOwnAccount(db, admin, TEST_PASSWORD, null)).rejects.toThrow(/unico amministratore/);
      const rtd = await makeUser(db, { role: "rtd", comuni: [BERGAMO, MILANO] });
      await sessionCookieFor(db, rtd.id);
      await expect(deleteOwnAccount(db, rtd, "sbagliata", null)).rejects.toThrow(/password attuale/);
      // Alert subscriptions (with their ledger and digest entries) and notifications go with the account.
      const subscription = subscribe(db, rtd.id, BERGAMO, { frequency: "giornaliera" });
      recordLedger(db, { subscriptionId: subscription.id, key: "modifica:1", route: "riepilogo" }, new Date());
      note(rtd.id, "modifica:1");
      const bystander = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
      subscribe(db, bystander.id, BERGAMO);
      note(bystander.id, "modifica:1");
      await deleteOwnAccount(db, rtd, TEST_PASSWORD, null);
      expect(getUserById(db, rtd.id)).toBeUndefined();
      expect(db.select().from(sessions).where(eq(sessions.userId, rtd.id)).all()).toEqual([]);
      expect(db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, rtd.id)).all()).toEqual([]);
      expect(db.select().from(alertLedger).where(eq(alertLedger.subscriptionId, subscription.id)).all()).toEqual([]);
      expect(db.select().from(notifications).where(eq(notifications.userId, rtd.id)).all()).toEqual([]);
      expect(db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, bystander.id)).all()).toHaveLength(1);
      expect(db.select().from(notifications).where(eq(notifications.userId, bystander.id)).all()).toHaveLength(1);
      const logged = db.select().from(securityLog).where(eq(securityLog.action, "account-eliminato")).all();
      expect(logged.map((e) => e.target)).toEqual([`utente:${rtd.id}`]);
    });

    it("notification consent is off by default", async () => {
      const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
      expect(user.notificationsConsent).toBe(false);
      const invited = inviteUser(db, { email: "c@example.org", role: "lettore", comuni: [], sendEmail: false }, cli).user;
      expect(invited.notificationsConsent).toBe(false);
    });

    it("'I miei dati' exports the account, comuni, sessions, log, alert subscriptions, notifications and mails, with no secret", async () => {
      const user = await makeUser(db, { role: "redazione", name: "Anna Bianchi" });
      await sessionCookieFor(db, user.id);
      const milano = subscribe(db, user.id, MILANO, { frequency: "settimanale", minScore: 70, themes: ["cloud"], reminderDays: [14, 3], changeAlerts: false });
      subscribe(db, user.id, BERGAMO, { frequency: "immediata" });
      writeTransaction(db, (tx) => setUserSubscriptionStatus(tx, user.id, milano.id, "disattivata", new Date()));
      note(user.id, "nuovo:1", "Nuovo bando per Bergamo: Cloud");
      note(user.id, "nuovo:2", "Nuovo bando per Bergamo: Scuole");
      const [read] = db.select().from(notifications).where(eq(notifications.key, `${BERGAMO}:nuovo:1`)).all();
      writeTransaction(db, (tx) => markNotificationsRead(tx, user.id, [read!.id], new Date("2026-11-20T10:00:00Z")));
      const someoneElse = await makeUser(db, { role: "lettore" });
      subscribe(db, someoneElse.id, "017029");
      note(someoneElse.id, "nuovo:3", "Nuovo bando per Brescia: di qualcun altro");
      const secret = generateTotpSecret();
      enableTotp(db, user, { secret, code: totpCode(secret, new Date()) }, "10.1.1.1");
      await attemptLogin(db, { email: user.email, password: "sbagliata", ip: "10.1.1.1" });
      requestPasswordReset(db, user.email, "10.1.1.1");
      const exported = exportUserData(db, user.id);
      expect(exported.account).toMatchObject({ email: user.email, nome: "Anna Bianchi", ruolo: "redazione", consensoNotifiche: { valore: false } });
      expect(exported.sessioni).toHaveLength(1);
      expect(exported.registroSicurezza.map((e) => e.azione)).toEqual(expect.arrayContaining(["totp-attivato", "login-fallito", "reimpostazione-richiesta"]));
      expect(exported.emailInviate.map((m) => m.tipo)).toEqual(["reimposta-password"]);
      expect(exported.avvisi).toEqual([
        expect.objectContaining({ comune: { istat: BERGAMO, nome: "Bergamo" }, stato: "attiva", frequenza: "immediata" }),
        {
          comune: { istat: MILANO, nome: "Milano" },
          stato: "disattivata",
          frequenza: "settimanale",
          punteggioMinimo: 70,
          temi: ["cloud"],
          promemoriaGiorni: [14, 3],
          modifiche: false,
          creatoIl: milano.createdAt,
        },
      ]);
      expect(exported.notifiche.map((n) => [n.titolo, n.lettaIl]).sort()).toEqual([
        ["Nuovo bando per Bergamo: Cloud", "2026-11-20T10:00:00.000Z"],
        ["Nuovo bando per Bergamo: Scuole", null],
      ]);
      expect(JSON.stringify(exported)).not.toContain("di qualcun altro");
      expect(JSON.stringify(exported)).not.toContain(milano.salt);
      const text = JSON.stringify(exported);
      const row = getUserById(db, user.id)!;
      for (const value of [row.passwordHash!, secret, ...db.select().from(sessions).all().map((s) => s.idHash), ...db.select().from(userTokens).all().map((t) => t.tokenHash)]) {
        expect(text).not.toContain(value);
      }
    });
  });

  describe("TOTP at login", () => {
    it("a user with TOTP needs a code after the password; a code works once", async () => {
      const user = await makeUser(db, { role: "admin" });
      const secret = generateTotpSecret();
      const t0 = new Date("2026-11-23T10:00:00Z");
      expect(() => enableTotp(db, user, { secret, code: "000000" }, null, t0)).toThrow(/non è corretto/);
      enableTotp(db, user, { secret, code: totpCode(secret, t0) }, null, t0);
      const login = await attemptLogin(db, { email: user.email, password: TEST_PASSWORD, ip: null }, t0);
      expect(login.kind).toBe("second-factor");
      const t1 = new Date(t0.getTime() + 60_000);
      expect(verifySecondFactor(db, user.id, "123456", null, t1).kind).toBe("failed");
      const code = totpCode(secret, t1);
      expect(verifySecondFactor(db, user.id, code, null, t1).kind).toBe("ok");
      expect(verifySecondFactor(db, user.id, code, null, t1).kind).toBe("failed");
    });

    it("RTDs cannot enrol; an admin (or the CLI) can reset a lost authenticator, ending the sessions", async () => {
      const rtd = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
      const secret = generateTotpSecret();
      expect(() => enableTotp(db, rtd, { secret, code: totpCode(secret, new Date()) }, null)).toThrow(/redazione e gli amministratori/);
      const staff = await makeUser(db, { role: "redazione" });
      enableTotp(db, staff, { secret, code: totpCode(secret, new Date()) }, null);
      const cookie = await sessionCookieFor(db, staff.id);
      resetTotp(db, cli, staff.id);
      expect(getUserById(db, staff.id)!.totpSecret).toBeNull();
      expect(await getSessionUser(db, requestWith(cookie))).toBeNull();
      expect((await attemptLogin(db, { email: staff.email, password: TEST_PASSWORD, ip: null })).kind).toBe("ok");
    });
  });

  describe("administration", () => {
    it("disabling an account ends every session at once and refuses the login; enabling restores it", async () => {
      const admin = await makeUser(db, { role: "admin" });
      const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
      const cookies = [await sessionCookieFor(db, user.id), await sessionCookieFor(db, user.id)];
      setAccountDisabled(db, admin, user.id, true, null);
      for (const cookie of cookies) expect(await getSessionUser(db, requestWith(cookie))).toBeNull();
      expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
      expect((await attemptLogin(db, { email: user.email, password: TEST_PASSWORD, ip: null })).kind).toBe("failed");
      setAccountDisabled(db, admin, user.id, false, null);
      expect((await attemptLogin(db, { email: user.email, password: TEST_PASSWORD, ip: null })).kind).toBe("ok");
      expect(() => setAccountDisabled(db, admin, admin.id, true, null)).toThrow(/tuo stesso account/);
    });

    it("role and comuni changes are security-logged; the last admin cannot be demoted", async () => {
      const admin = await makeUser(db, { role: "admin" });
      const user = await makeUser(db, { role: "rtd", comuni: [BERGAMO] });
      changeRoleAndComuni(db, admin, user.id, { role: "rtd", comuni: [BERGAMO, MILANO] }, "10.0.0.5");
      changeRoleAndComuni(db, admin, user.id, { role: "redazione", comuni: [] }, "10.0.0.5");
      const events = db.select().from(securityLog).all().filter((e) => e.action === "ruolo-modificato" || e.action === "comuni-modificati");
      expect(events.map((e) => [e.actor, e.action, e.target, e.ip])).toEqual([
        [`utente:${admin.id}`, "comuni-modificati", `utente:${user.id} comuni:016024→015146|016024`, "10.0.0.5"],
        [`utente:${admin.id}`, "ruolo-modificato", `utente:${user.id} ruolo:rtd→redazione`, "10.0.0.5"],
        [`utente:${admin.id}`, "comuni-modificati", `utente:${user.id} comuni:015146|016024→-`, "10.0.0.5"],
      ]);
      expect(() => changeRoleAndComuni(db, admin, admin.id, { role: "lettore", comuni: [] }, null)).toThrow(/unico amministratore/);
    });
  });
});

describe("sessions, passwords and owner filters (SECURITY.md 1–3, 8)", () => {
  let db: Db;
  beforeEach(() => {
    db = useTestDb(createTestDb({ seedComuni: true }));
    resetAllLimits();
  });
  afterEach(() => db.$client.close());

  it("argon2id with m ≥ 46 MiB and t ≥ 1", async () => {
    const user = await makeUser(db, { role: "lettore" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=47104,t=1,p=1\$/);
  });

  it("every login opens a new session id; idle (2 h) and absolute (12 h) timeouts end a session", async () => {
    const user = await makeUser(db, { role: "lettore" });
    const t0 = new Date("2026-11-23T08:00:00Z");
    const first = (await createSession(db, user.id, t0)).split(";")[0]!;
    const second = (await createSession(db, user.id, t0)).split(";")[0]!;
    expect(first).not.toBe(second);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await getSessionUser(db, requestWith(first), at(IDLE_TIMEOUT_MS - 60_000))).not.toBeNull();
    // Used a minute before the idle limit: the idle clock restarts.
    expect(await getSessionUser(db, requestWith(first), at(2 * IDLE_TIMEOUT_MS - 120_000))).not.toBeNull();
    // Not used for more than 2 hours: over.
    expect(await getSessionUser(db, requestWith(second), at(IDLE_TIMEOUT_MS + 1000))).toBeNull();
    // Kept busy, it still ends at 12 hours.
    let now = t0.getTime();
    while (now < t0.getTime() + ABSOLUTE_TIMEOUT_MS - IDLE_TIMEOUT_MS) {
      now += IDLE_TIMEOUT_MS - 60_000;
      expect(await getSessionUser(db, requestWith(first), new Date(now))).not.toBeNull();
    }
    expect(await getSessionUser(db, requestWith(first), at(ABSOLUTE_TIMEOUT_MS + 1000))).toBeNull();
  });

  it("the pending second-factor cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain, 5 minutes", async () => {
    const cookie = await createPendingLogin({ userId: 1, redirectTo: "/" });
    expect(cookie).toMatch(/^__Host-cruscotto_verifica=/);
    expect(cookie).toMatch(/; Max-Age=300/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Domain=/i);
    // Tampering with the signed value is refused.
    const pair = cookie.split(";")[0]!;
    const dot = pair.lastIndexOf(".");
    const tampered = `${pair.slice(0, dot - 1)}${pair[dot - 1] === "A" ? "B" : "A"}${pair.slice(dot)}`;
    expect(await readPendingLogin(new Request("http://localhost/", { headers: { Cookie: tampered } }))).toBeNull();
    expect(await readPendingLogin(new Request("http://localhost/", { headers: { Cookie: cookie.split(";")[0]! } }))).toEqual({ userId: 1, redirectTo: "/" });
  });

  it("scopeToComuni puts the owner in the WHERE: an RTD of another comune reads nothing of Bergamo", () => {
    const read = (principal: Parameters<typeof scopeToComuni>[1]) =>
      db.select({ istat: comuni.istat }).from(comuni).where(and(eq(comuni.istat, BERGAMO), scopeToComuni(comuni.istat, principal))).all();
    expect(read({ role: "rtd", comuni: [BERGAMO] })).toEqual([{ istat: BERGAMO }]);
    expect(read({ role: "redazione", comuni: [] })).toEqual([{ istat: BERGAMO }]);
    expect(read({ role: "rtd", comuni: [MILANO] })).toEqual([]);
    expect(read({ role: "lettore", comuni: [BERGAMO] })).toEqual([]);
    expect(read(null)).toEqual([]);
  });
});
