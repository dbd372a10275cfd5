import { writeTransaction, type Db } from "~db/client.server";
import type { Role, UserRow } from "~db/schema";
import { listNotifications, subscriptionsOfUser } from "~/data/alerts.server";
import { getComuniByIstat } from "~/data/comuni.server";
import { mailToRecipient } from "~/data/outbox.server";
import { recordSecurityEvent, securityLogOfUser, userRef } from "~/data/security-log.server";
import { consumeToken, findValidToken, issueToken, revokeTokens } from "~/data/tokens.server";
import {
  claimTotpStep,
  comuniOfUser,
  countActiveAdmins,
  deleteUser,
  findUserByEmail,
  getUserById,
  insertUser,
  namedComuniOfUser,
  normaliseEmail,
  recordLogin,
  setDisabled,
  setEmail,
  setNotificationsConsent,
  setPasswordHash,
  setRoleAndComuni,
  setTotp,
  userStatus,
} from "~/data/users.server";
import { appLink } from "~/mail/config.server";
import { notifyMailWorker, queueMail } from "~/mail/queue.server";
import {
  emailChangeConfirmMail,
  emailChangeNoticeMail,
  invitationMail,
  passwordChangedMail,
  passwordResetMail,
} from "~/mail/templates.server";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";
import { canUseTotp } from "./permissions";
import { accountKey, addressKey, loginFailures, resetRequests, retryAfterAny } from "./rate-limit.server";
import { endUserSessions, openSession, sessionSetCookie, sessionsOfUser } from "./session.server";
import { verifyTotp } from "./totp.server";

/**
 * Account workflows: each one is a single immediate transaction holding the change, its security
 * log line and the e-mail it sends (outbox), so none of them can happen without the others.
 * They throw AccountError with an Italian message for the person; routes show it.
 */
export class AccountError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "AccountError";
  }
}

export interface Actor {
  /** `utente:<id>` or `cli`. */
  ref: string;
  ip?: string | null;
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem, "password");
}

function checkComuni(db: Db, role: Role, istat: string[]): string[] {
  const unique = [...new Set(istat)];
  if (role === "rtd" && unique.length === 0) throw new AccountError("Un RTD deve avere almeno un comune.", "comuni");
  if (role !== "rtd" && unique.length > 0) throw new AccountError("Solo gli RTD hanno comuni assegnati.", "comuni");
  const known = new Set(getComuniByIstat(db, unique).map((c) => c.istat));
  const unknown = unique.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new AccountError(`Codici ISTAT sconosciuti: ${unknown.join(", ")}.`, "comuni");
  return unique.sort();
}

// ---------------------------------------------------------------- invitations

export interface InviteInput {
  email: string;
  name?: string | null;
  role: Role;
  comuni: string[];
  /** Queue the invitation e-mail (the admin UI does; the CLI prints the link instead). */
  sendEmail: boolean;
}

/** Creates an account without password and a single-use invitation link to set one. */
export function inviteUser(db: Db, input: InviteInput, actor: Actor, now = new Date()): { user: UserRow; link: string } {
  if (findUserByEmail(db, input.email)) throw new AccountError("Esiste già un utente con questo indirizzo e-mail.", "email");
  const comuni = checkComuni(db, input.role, input.comuni);
  const result = writeTransaction(db, (tx) => {
    const user = insertUser(tx, { email: input.email, name: input.name, role: input.role, comuni }, now);
    const link = queueInvitation(tx, user, comuni, actor, input.sendEmail, now);
    recordSecurityEvent(tx, { actor: actor.ref, action: "utente-invitato", target: `${userRef(user.id)} ruolo:${user.role}`, ip: actor.ip }, now);
    return { user, link };
  });
  if (input.sendEmail) notifyMailWorker();
  return result;
}

function queueInvitation(tx: Db, user: UserRow, comuni: string[], actor: Actor, sendEmail: boolean, now: Date): string {
  const { token, expiresAt } = issueToken(tx, { userId: user.id, purpose: "invito", createdBy: actor.ref }, now);
  const link = appLink(`/invito/${token}`);
  if (sendEmail) {
    const names = getComuniByIstat(tx, comuni).map((c) => c.name).sort((a, b) => a.localeCompare(b, "it"));
    queueMail(tx, invitationMail({ name: user.name, role: user.role, comuni: names, link, expiresAt }), {
      kind: "invito",
      to: user.email,
      sensitive: true,
      now,
    });
  }
  return link;
}

/** A new invitation for an account that never set a password (the old link stops working). */
export function resendInvitation(db: Db, userId: number, actor: Actor, options: { sendEmail: boolean }, now = new Date()): string {
  const user = getUserById(db, userId);
  if (!user) throw new AccountError("Utente inesistente.");
  if (userStatus(user) !== "invitato") throw new AccountError("L'account è già attivo o disattivato: nessun invito da inviare.");
  const comuni = namedComuniOfUser(db, userId).map((c) => c.istat);
  const link = writeTransaction(db, (tx) => {
    const result = queueInvitation(tx, user, comuni, actor, options.sendEmail, now);
    recordSecurityEvent(tx, { actor: actor.ref, action: "utente-invitato", target: `${userRef(user.id)} ruolo:${user.role}`, ip: actor.ip }, now);
    return result;
  });
  if (options.sendEmail) notifyMailWorker();
  return link;
}

/** Sets the first password from an invitation link; the link is used up. */
export async function acceptInvitation(db: Db, token: string, password: string, ip: string | null, now = new Date()): Promise<UserRow> {
  checkPassword(password);
  const hash = await hashPassword(password);
  const user = writeTransaction(db, (tx) => {
    const used = consumeToken(tx, token, "invito", now);
    if (!used) return undefined;
    const target = getUserById(tx, used.userId);
    if (!target || target.disabledAt) return undefined;
    setPasswordHash(tx, target.id, hash, now);
    recordLogin(tx, target.id, now);
    recordSecurityEvent(tx, { actor: userRef(target.id), action: "invito-accettato", target: userRef(target.id), ip }, now);
    return target;
  });
  if (!user) throw new AccountError("Il collegamento non è valido, è già stato usato o è scaduto. Chiedi un nuovo invito.");
  return user;
}

// ---------------------------------------------------------------- login

export type LoginOutcome =
  | { kind: "limited"; retryAfter: number }
  | { kind: "failed" }
  | { kind: "second-factor"; user: UserRow }
  | { kind: "ok"; user: UserRow };

/**
 * Checks e-mail and password under the rate limits of SECURITY.md 4: after 10 failures within a
 * minute for the account or for the address, the next attempt is refused before the password is
 * even checked.
 */
export async function attemptLogin(db: Db, input: { email: string; password: string; ip: string | null }, now = new Date()): Promise<LoginOutcome> {
  const email = normaliseEmail(input.email);
  const keys = [accountKey(email), addressKey(input.ip)];
  const wait = retryAfterAny(loginFailures, keys, now.getTime());
  if (wait > 0) {
    recordOutside(db, { actor: email, action: "login-bloccato", target: null, ip: input.ip }, now);
    return { kind: "limited", retryAfter: wait };
  }
  const user = findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok || user.disabledAt) {
    for (const key of keys) loginFailures.record(key, now.getTime());
    recordOutside(db, { actor: email, action: "login-fallito", target: user ? userRef(user.id) : null, ip: input.ip }, now);
    return { kind: "failed" };
  }
  loginFailures.reset(accountKey(email));
  if (user.totpEnabledAt && user.totpSecret) return { kind: "second-factor", user };
  completeLogin(db, user, input.ip, now);
  return { kind: "ok", user };
}

function recordOutside(db: Db, event: Parameters<typeof recordSecurityEvent>[1], now: Date): void {
  writeTransaction(db, (tx) => recordSecurityEvent(tx, event, now));
}

export function completeLogin(db: Db, user: UserRow, ip: string | null, now = new Date()): void {
  writeTransaction(db, (tx) => {
    recordLogin(tx, user.id, now);
    recordSecurityEvent(tx, { actor: userRef(user.id), action: "login", target: null, ip }, now);
  });
}

/** The second step: a TOTP code, under the same limits as passwords; a code is accepted once. */
export function verifySecondFactor(
  db: Db,
  userId: number,
  code: string,
  ip: string | null,
  now = new Date(),
): { kind: "limited"; retryAfter: number } | { kind: "failed" } | { kind: "ok"; user: UserRow } {
  const user = getUserById(db, userId);
  if (!user || user.disabledAt || !user.totpSecret) return { kind: "failed" };
  const keys = [accountKey(user.email), addressKey(ip)];
  const wait = retryAfterAny(loginFailures, keys, now.getTime());
  if (wait > 0) return { kind: "limited", retryAfter: wait };
  const step = verifyTotp(user.totpSecret, code, now, user.totpLastStep);
  const accepted = step !== null && writeTransaction(db, (tx) => claimTotpStep(tx, user.id, step));
  if (!accepted) {
    for (const key of keys) loginFailures.record(key, now.getTime());
    recordOutside(db, { actor: userRef(user.id), action: "verifica-fallita", target: null, ip }, now);
    return { kind: "failed" };
  }
  completeLogin(db, user, ip, now);
  return { kind: "ok", user };
}

// ---------------------------------------------------------------- password reset

/**
 * "Password dimenticata": the answer is the same whether or not the address exists (the caller
 * shows one generic message). A known, enabled account gets a one-hour single-use link.
 * Returns whether a message was queued (for tests and the log only, never for the page).
 */
export function requestPasswordReset(db: Db, email: string, ip: string | null, now = new Date()): { queued: boolean; limited: boolean } {
  const normalised = normaliseEmail(email);
  const keys = [accountKey(normalised), addressKey(ip)];
  if (retryAfterAny(resetRequests, keys, now.getTime()) > 0) return { queued: false, limited: true };
  for (const key of keys) resetRequests.record(key, now.getTime());
  const user = findUserByEmail(db, normalised);
  if (!user || user.disabledAt) {
    recordOutside(db, { actor: normalised, action: "reimpostazione-richiesta", target: null, ip }, now);
    return { queued: false, limited: false };
  }
  writeTransaction(db, (tx) => {
    const { token, expiresAt } = issueToken(tx, { userId: user.id, purpose: "reimposta-password", createdBy: "richiesta" }, now);
    queueMail(tx, passwordResetMail({ name: user.name, link: appLink(`/reimposta-password/${token}`), expiresAt }), {
      kind: "reimposta-password",
      to: user.email,
      sensitive: true,
      now,
    });
    recordSecurityEvent(tx, { actor: normalised, action: "reimpostazione-richiesta", target: userRef(user.id), ip }, now);
  });
  notifyMailWorker();
  return { queued: true, limited: false };
}

/** Sets a new password from a reset link; every session of the account ends. */
export async function resetPassword(db: Db, token: string, password: string, ip: string | null, now = new Date()): Promise<UserRow> {
  checkPassword(password);
  const hash = await hashPassword(password);
  const user = writeTransaction(db, (tx) => {
    const used = consumeToken(tx, token, "reimposta-password", now);
    if (!used) return undefined;
    const target = getUserById(tx, used.userId);
    if (!target || target.disabledAt) return undefined;
    setPasswordHash(tx, target.id, hash, now);
    endUserSessions(tx, target.id);
    revokeTokens(tx, target.id, ["reimposta-password"]);
    queueMail(tx, passwordChangedMail({ name: target.name, at: now }), { kind: "password-modificata", to: target.email, now });
    recordSecurityEvent(tx, { actor: userRef(target.id), action: "password-reimpostata", target: userRef(target.id), ip }, now);
    return target;
  });
  if (!user) throw new AccountError("Il collegamento non è valido, è già stato usato o è scaduto. Chiedine uno nuovo.");
  notifyMailWorker();
  return user;
}

export { findValidToken };

// ---------------------------------------------------------------- the person's own account

async function requireCurrentPassword(user: UserRow, password: string): Promise<void> {
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AccountError("La password attuale non è corretta.", "currentPassword");
  }
}

/**
 * Changes the password (asks the current one). Every session of the user ends, the one that made
 * the change too (SECURITY.md 2); in the same transaction the person gets a fresh session, so they
 * stay logged in under a new id. Returns that session's Set-Cookie.
 */
export async function changePassword(
  db: Db,
  user: UserRow,
  input: { currentPassword: string; newPassword: string },
  ip: string | null,
  now = new Date(),
): Promise<string> {
  await requireCurrentPassword(user, input.currentPassword);
  checkPassword(input.newPassword);
  const hash = await hashPassword(input.newPassword);
  const token = writeTransaction(db, (tx) => {
    setPasswordHash(tx, user.id, hash, now);
    endUserSessions(tx, user.id);
    const fresh = openSession(tx, user.id, now);
    revokeTokens(tx, user.id, ["reimposta-password"]);
    queueMail(tx, passwordChangedMail({ name: user.name, at: now }), { kind: "password-modificata", to: user.email, now });
    recordSecurityEvent(tx, { actor: userRef(user.id), action: "password-modificata", target: userRef(user.id), ip }, now);
    return fresh;
  });
  notifyMailWorker();
  return sessionSetCookie(token);
}

/**
 * Asks to change the e-mail address (asks the current password): a confirmation link goes to the
 * new address, a notice to the old one. The address changes only when the link is used. If the
 * new address belongs to another account nothing is sent, and the page says the same thing.
 */
export async function requestEmailChange(db: Db, user: UserRow, input: { currentPassword: string; newEmail: string }, ip: string | null, now = new Date()): Promise<void> {
  await requireCurrentPassword(user, input.currentPassword);
  const newEmail = normaliseEmail(input.newEmail);
  if (newEmail === user.email) throw new AccountError("Il nuovo indirizzo è uguale a quello attuale.", "newEmail");
  const taken = findUserByEmail(db, newEmail) !== undefined;
  writeTransaction(db, (tx) => {
    recordSecurityEvent(tx, { actor: userRef(user.id), action: "email-modifica-richiesta", target: userRef(user.id), ip }, now);
    if (taken) return;
    const { token, expiresAt } = issueToken(tx, { userId: user.id, purpose: "conferma-email", createdBy: userRef(user.id), payload: newEmail }, now);
    queueMail(tx, emailChangeConfirmMail({ name: user.name, newEmail, link: appLink(`/conferma-email/${token}`), expiresAt }), {
      kind: "conferma-email",
      to: newEmail,
      sensitive: true,
      now,
    });
    queueMail(tx, emailChangeNoticeMail({ name: user.name, newEmail }), { kind: "avviso-cambio-email", to: user.email, now });
  });
  notifyMailWorker();
}

export function confirmEmailChange(db: Db, token: string, ip: string | null, now = new Date()): UserRow {
  const result = writeTransaction(db, (tx) => {
    const used = consumeToken(tx, token, "conferma-email", now);
    if (!used || !used.payload) return undefined;
    const user = getUserById(tx, used.userId);
    if (!user || user.disabledAt) return undefined;
    if (findUserByEmail(tx, used.payload)) return undefined;
    setEmail(tx, user.id, used.payload, now);
    revokeTokens(tx, user.id, ["reimposta-password", "conferma-email"]);
    recordSecurityEvent(tx, { actor: userRef(user.id), action: "email-modificata", target: userRef(user.id), ip }, now);
    return getUserById(tx, user.id);
  });
  if (!result) throw new AccountError("Il collegamento non è valido, è già stato usato o è scaduto, oppure l'indirizzo è già in uso.");
  return result;
}

export function setConsent(db: Db, user: UserRow, consent: boolean, ip: string | null, now = new Date()): void {
  writeTransaction(db, (tx) => {
    setNotificationsConsent(tx, user.id, consent, now);
    recordSecurityEvent(tx, { actor: userRef(user.id), action: "notifiche-consenso", target: `${userRef(user.id)} consenso:${consent ? "si" : "no"}`, ip }, now);
  });
}

/** Turns TOTP on once the person has typed a valid code from their app (staff only). */
export function enableTotp(db: Db, user: UserRow, input: { secret: string; code: string }, ip: string | null, now = new Date()): void {
  if (!canUseTotp({ role: user.role, comuni: [] })) throw new AccountError("La verifica in due passaggi è disponibile per la redazione e gli amministratori.");
  if (!/^[A-Z2-7]{32}$/.test(input.secret)) throw new AccountError("Segreto non valido: ricarica la pagina.", "code");
  const step = verifyTotp(input.secret, input.code, now);
  if (step === null) throw new AccountError("Il codice non è corretto: controlla l'ora del telefono e riprova.", "code");
  writeTransaction(db, (tx) => {
    setTotp(tx, user.id, { secret: input.secret, step }, now);
    recordSecurityEvent(tx, { actor: userRef(user.id), action: "totp-attivato", target: userRef(user.id), ip }, now);
  });
}

export async function disableOwnTotp(db: Db, user: UserRow, currentPassword: string, ip: string | null, now = new Date()): Promise<void> {
  await requireCurrentPassword(user, currentPassword);
  writeTransaction(db, (tx) => {
    setTotp(tx, user.id, null, now);
    recordSecurityEvent(tx, { actor: userRef(user.id), action: "totp-disattivato", target: userRef(user.id), ip }, now);
  });
}

/** Deletes one's own account (asks the current password). The last admin cannot. */
export async function deleteOwnAccount(db: Db, user: UserRow, currentPassword: string, ip: string | null, now = new Date()): Promise<void> {
  await requireCurrentPassword(user, currentPassword);
  if (user.role === "admin" && countActiveAdmins(db) <= 1) {
    throw new AccountError("Sei l'unico amministratore: nomina un altro amministratore prima di eliminare il tuo account.");
  }
  writeTransaction(db, (tx) => {
    deleteUser(tx, user.id);
    recordSecurityEvent(tx, { actor: userRef(user.id), action: "account-eliminato", target: userRef(user.id), ip }, now);
  });
}

/** Everything the application keeps about a person (SECURITY.md 26), without secrets. */
export function exportUserData(db: Db, userId: number, now = new Date()) {
  const user = getUserById(db, userId);
  if (!user) throw new AccountError("Utente inesistente.");
  return {
    esportatoIl: now.toISOString(),
    account: {
      email: user.email,
      nome: user.name,
      ruolo: user.role,
      stato: userStatus(user),
      creatoIl: user.createdAt,
      aggiornatoIl: user.updatedAt,
      ultimoAccesso: user.lastLoginAt,
      passwordModificataIl: user.passwordChangedAt,
      disattivatoIl: user.disabledAt,
      verificaInDuePassaggi: user.totpEnabledAt ? { attivaDal: user.totpEnabledAt } : null,
      consensoNotifiche: { valore: user.notificationsConsent, modificatoIl: user.notificationsConsentAt },
    },
    comuni: namedComuniOfUser(db, userId).map((c) => ({ istat: c.istat, nome: c.name })),
    sessioni: sessionsOfUser(db, userId).map((s) => ({ apertaIl: s.createdAt, ultimaAttivita: s.lastSeenAt, scadeIl: s.expiresAt })),
    registroSicurezza: securityLogOfUser(db, userId, user.email).map((e) => ({ ora: e.at, autore: e.actor, azione: e.action, oggetto: e.target, indirizzo: e.ip })),
    avvisi: subscriptionsOfUser(db, userId).map((s) => ({
      comune: { istat: s.istat, nome: s.comune },
      stato: s.status,
      frequenza: s.frequency,
      punteggioMinimo: s.minScore,
      temi: s.themes,
      promemoriaGiorni: s.reminderDays,
      modifiche: s.changeAlerts,
      creatoIl: s.createdAt,
    })),
    notifiche: listNotifications(db, userId, { unreadOnly: false, page: 1, perPage: 10_000 }).items.map((n) => ({ titolo: n.title, creataIl: n.createdAt, lettaIl: n.readAt })),
    emailInviate: mailToRecipient(db, user.email).map((m) => ({ tipo: m.kind, oggetto: m.subject, stato: m.status, creataIl: m.createdAt, inviataIl: m.sentAt })),
  };
}

export function recordExport(db: Db, actor: Actor, what: string, now = new Date()): void {
  writeTransaction(db, (tx) => recordSecurityEvent(tx, { actor: actor.ref, action: "dati-esportati", target: what, ip: actor.ip }, now));
}

// ---------------------------------------------------------------- administration

function loadTarget(db: Db, userId: number): UserRow {
  const user = getUserById(db, userId);
  if (!user) throw new AccountError("Utente inesistente.");
  return user;
}

/** An admin changes role and comuni of a user; each change is security-logged. */
export function changeRoleAndComuni(db: Db, admin: UserRow, userId: number, input: { role: Role; comuni: string[] }, ip: string | null, now = new Date()): void {
  const target = loadTarget(db, userId);
  const comuni = checkComuni(db, input.role, input.comuni);
  if (target.role === "admin" && input.role !== "admin" && !target.disabledAt && countActiveAdmins(db) <= 1) {
    throw new AccountError("È l'unico amministratore attivo: nomina prima un altro amministratore.", "role");
  }
  const before = comuniOfUser(db, userId);
  writeTransaction(db, (tx) => {
    setRoleAndComuni(tx, userId, input.role, comuni, now);
    if (target.role !== input.role) {
      recordSecurityEvent(tx, { actor: userRef(admin.id), action: "ruolo-modificato", target: `${userRef(userId)} ruolo:${target.role}→${input.role}`, ip }, now);
    }
    if (before.join(",") !== comuni.join(",")) {
      recordSecurityEvent(
        tx,
        { actor: userRef(admin.id), action: "comuni-modificati", target: `${userRef(userId)} comuni:${before.join("|") || "-"}→${comuni.join("|") || "-"}`, ip },
        now,
      );
    }
  });
}

/** Disables (every session ends at once) or re-enables an account. Not one's own. */
export function setAccountDisabled(db: Db, admin: UserRow, userId: number, disabled: boolean, ip: string | null, now = new Date()): void {
  if (admin.id === userId) throw new AccountError("Non puoi disattivare il tuo stesso account.");
  const target = loadTarget(db, userId);
  if (disabled === Boolean(target.disabledAt)) return;
  writeTransaction(db, (tx) => {
    setDisabled(tx, userId, disabled, now);
    if (disabled) {
      endUserSessions(tx, userId);
      revokeTokens(tx, userId, ["reimposta-password", "conferma-email", "invito"]);
    }
    recordSecurityEvent(tx, { actor: userRef(admin.id), action: disabled ? "account-disattivato" : "account-riattivato", target: userRef(userId), ip }, now);
  });
}

/** Recovery of a lost authenticator: an admin (or the CLI) turns TOTP off for the account. */
export function resetTotp(db: Db, actor: Actor, userId: number, now = new Date()): void {
  loadTarget(db, userId);
  writeTransaction(db, (tx) => {
    setTotp(tx, userId, null, now);
    endUserSessions(tx, userId);
    recordSecurityEvent(tx, { actor: actor.ref, action: "totp-disattivato", target: userRef(userId), ip: actor.ip }, now);
  });
}
