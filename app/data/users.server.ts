import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { writeTransaction, type Db } from "~db/client.server";
import { comuni, userComuni, users, type Role, type UserRow } from "~db/schema";
import { foldText } from "~/domain/text";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(db: Db, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function getUserById(db: Db, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function comuniOfUser(db: Db, userId: number): string[] {
  return db
    .select({ istat: userComuni.istat })
    .from(userComuni)
    .where(eq(userComuni.userId, userId))
    .orderBy(asc(userComuni.istat))
    .all()
    .map((r) => r.istat);
}

/** The comuni of a user with their names, for pages and the data export. */
export function namedComuniOfUser(db: Db, userId: number): { istat: string; name: string }[] {
  return db
    .select({ istat: userComuni.istat, name: comuni.name })
    .from(userComuni)
    .innerJoin(comuni, eq(comuni.istat, userComuni.istat))
    .where(eq(userComuni.userId, userId))
    .orderBy(asc(comuni.nameFolded))
    .all();
}

export interface NewUser {
  email: string;
  name?: string | null;
  role: Role;
  passwordHash?: string | null;
  comuni?: string[];
}

/** Inserts a user and their comuni inside the caller's transaction. */
export function insertUser(tx: Db, input: NewUser, now = new Date()): UserRow {
  const row = tx
    .insert(users)
    .values({
      email: normaliseEmail(input.email),
      name: input.name ?? null,
      role: input.role,
      passwordHash: input.passwordHash ?? null,
      passwordChangedAt: input.passwordHash ? now.toISOString() : null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .returning()
    .get();
  for (const istat of new Set(input.comuni ?? [])) {
    tx.insert(userComuni).values({ userId: row.id, istat }).run();
  }
  return row;
}

export function createUser(db: Db, input: NewUser): UserRow {
  return writeTransaction(db, (tx) => insertUser(tx, input));
}

export type UserStatus = "attivo" | "invitato" | "disattivato";

export function userStatus(user: Pick<UserRow, "disabledAt" | "passwordHash">): UserStatus {
  if (user.disabledAt) return "disattivato";
  return user.passwordHash ? "attivo" : "invitato";
}

export const USER_SORTS = ["email", "nome", "ruolo", "creato", "ultimo-accesso"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface UserListFilters {
  q?: string;
  role?: Role;
  status?: UserStatus;
  istat?: string;
  sort?: UserSort;
  page: number;
  perPage: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function userWhere(filters: Omit<UserListFilters, "page" | "perPage" | "sort">): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  const q = filters.q?.trim().toLowerCase();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    conditions.push(or(sql`${users.email} LIKE ${pattern} ESCAPE '\\'`, sql`lower(${users.name}) LIKE ${pattern} ESCAPE '\\'`));
  }
  if (filters.role) conditions.push(eq(users.role, filters.role));
  if (filters.status === "disattivato") conditions.push(isNotNull(users.disabledAt));
  if (filters.status === "attivo") conditions.push(and(isNull(users.disabledAt), isNotNull(users.passwordHash)));
  if (filters.status === "invitato") conditions.push(and(isNull(users.disabledAt), isNull(users.passwordHash)));
  if (filters.istat) {
    conditions.push(
      inArray(users.id, sql`(SELECT ${userComuni.userId} FROM ${userComuni} WHERE ${userComuni.istat} = ${filters.istat})`),
    );
  }
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length > 0 ? and(...present) : undefined;
}

const SORT_ORDER: Record<UserSort, SQL[]> = {
  email: [sql`${users.email} ASC`],
  nome: [sql`coalesce(lower(${users.name}), ${users.email}) ASC`],
  ruolo: [sql`${users.role} ASC`, sql`${users.email} ASC`],
  creato: [sql`${users.createdAt} DESC`, sql`${users.id} DESC`],
  "ultimo-accesso": [sql`${users.lastLoginAt} IS NULL`, sql`${users.lastLoginAt} DESC`],
};

export interface UserListItem {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  status: UserStatus;
  comuni: { istat: string; name: string }[];
  createdAt: string;
  lastLoginAt: string | null;
  totp: boolean;
}

/** Admin list of users: search (e-mail or name), role, status and comune filters, sort, page. */
export function listUsers(db: Db, filters: UserListFilters): { items: UserListItem[]; total: number } {
  const where = userWhere(filters);
  const total = db.select({ n: count() }).from(users).where(where).get()?.n ?? 0;
  const rows = db
    .select()
    .from(users)
    .where(where)
    .orderBy(...SORT_ORDER[filters.sort ?? "email"], asc(users.id))
    .limit(filters.perPage)
    .offset((filters.page - 1) * filters.perPage)
    .all();
  const ids = rows.map((r) => r.id);
  const links =
    ids.length === 0
      ? []
      : db
          .select({ userId: userComuni.userId, istat: userComuni.istat, name: comuni.name })
          .from(userComuni)
          .innerJoin(comuni, eq(comuni.istat, userComuni.istat))
          .where(inArray(userComuni.userId, ids))
          .orderBy(asc(comuni.nameFolded))
          .all();
  const items = rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    status: userStatus(r),
    comuni: links.filter((l) => l.userId === r.id).map(({ istat, name }) => ({ istat, name })),
    createdAt: r.createdAt,
    lastLoginAt: r.lastLoginAt,
    totp: r.totpEnabledAt !== null,
  }));
  return { items, total };
}

export function countActiveAdmins(db: Db): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.disabledAt), isNotNull(users.passwordHash)))
      .get()?.n ?? 0
  );
}

/** Replaces role and comuni of a user (inside the caller's transaction). */
export function setRoleAndComuni(tx: Db, userId: number, role: Role, istat: string[], now = new Date()): void {
  tx.update(users).set({ role, updatedAt: now.toISOString() }).where(eq(users.id, userId)).run();
  tx.delete(userComuni).where(eq(userComuni.userId, userId)).run();
  for (const code of new Set(istat)) tx.insert(userComuni).values({ userId, istat: code }).run();
}

export function setDisabled(tx: Db, userId: number, disabled: boolean, now = new Date()): void {
  tx.update(users)
    .set({ disabledAt: disabled ? now.toISOString() : null, updatedAt: now.toISOString() })
    .where(eq(users.id, userId))
    .run();
}

export function setPasswordHash(tx: Db, userId: number, passwordHash: string, now = new Date()): void {
  tx.update(users)
    .set({ passwordHash, passwordChangedAt: now.toISOString(), updatedAt: now.toISOString() })
    .where(eq(users.id, userId))
    .run();
}

export function setEmail(tx: Db, userId: number, email: string, now = new Date()): void {
  tx.update(users).set({ email: normaliseEmail(email), updatedAt: now.toISOString() }).where(eq(users.id, userId)).run();
}

export function setName(tx: Db, userId: number, name: string | null, now = new Date()): void {
  tx.update(users).set({ name, updatedAt: now.toISOString() }).where(eq(users.id, userId)).run();
}

export function setNotificationsConsent(tx: Db, userId: number, consent: boolean, now = new Date()): void {
  tx.update(users)
    .set({ notificationsConsent: consent, notificationsConsentAt: now.toISOString(), updatedAt: now.toISOString() })
    .where(eq(users.id, userId))
    .run();
}

/** Turns TOTP on (with its secret and the step of the code that proved it) or off (null). */
export function setTotp(tx: Db, userId: number, totp: { secret: string; step: number } | null, now = new Date()): void {
  tx.update(users)
    .set({
      totpSecret: totp?.secret ?? null,
      totpEnabledAt: totp ? now.toISOString() : null,
      totpLastStep: totp?.step ?? null,
      updatedAt: now.toISOString(),
    })
    .where(eq(users.id, userId))
    .run();
}

/**
 * Records the time step of an accepted TOTP code, only if it is later than the last one:
 * returns false when the step was already used (a replayed code).
 */
export function claimTotpStep(tx: Db, userId: number, step: number): boolean {
  return (
    tx
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), sql`${users.totpLastStep} < ${step}`)))
      .run().changes === 1
  );
}

export function recordLogin(tx: Db, userId: number, now = new Date()): void {
  tx.update(users).set({ lastLoginAt: now.toISOString() }).where(eq(users.id, userId)).run();
}

/** Deletes a user; sessions, comuni links and tokens go with it (ON DELETE CASCADE). */
export function deleteUser(tx: Db, userId: number): number {
  return tx.delete(users).where(eq(users.id, userId)).run().changes;
}

/** Users who accept notifications (read by the alerts). */
export function usersWithNotifications(db: Db): UserRow[] {
  return db
    .select()
    .from(users)
    .where(and(eq(users.notificationsConsent, true), isNull(users.disabledAt), isNotNull(users.passwordHash)))
    .orderBy(desc(users.id))
    .all();
}


/**
 * Reads the comuni typed in an admin form: ISTAT codes or exact names (accents and case
 * ignored), separated by commas, semicolons or new lines. Returns the codes found and the
 * entries that match no comune (or more than one).
 */
export function resolveComuniInput(db: Db, text: string): { istat: string[]; unknown: string[] } {
  const entries = text
    .split(/[,;\n]+/)
    .map((e) => e.trim())
    .filter(Boolean)
    .slice(0, 200);
  const istat: string[] = [];
  const unknown: string[] = [];
  for (const entry of entries) {
    const byCode = /^\d{6}$/.test(entry)
      ? db.select({ istat: comuni.istat }).from(comuni).where(eq(comuni.istat, entry)).all()
      : db.select({ istat: comuni.istat }).from(comuni).where(and(eq(comuni.nameFolded, foldText(entry)), eq(comuni.suppressed, false))).all();
    if (byCode.length === 1) istat.push(byCode[0]!.istat);
    else unknown.push(entry);
  }
  return { istat: [...new Set(istat)], unknown };
}
