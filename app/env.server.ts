import { z } from "zod";

/** Environment of API.md, checked once at start-up. */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).optional(),
  APP_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  /** From header of e-mails; default "Cruscotto digitale ANCI Lombardia" <noreply@APP_URL's host>. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Number of reverse proxies in front of the app whose X-Forwarded-For may be trusted. */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** Megabytes of compressed pages kept for anonymous visitors (docs/decisions/0074); 0 turns the cache off. */
  PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(32),
});

export type Env = z.infer<typeof schema> & { APP_URL: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`configurazione non valida: ${problems}`);
  }
  const env = parsed.data;
  cached = { ...env, APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "") };
  return cached;
}

/** For tests that change the environment. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function isProduction(): boolean {
  return getEnv().NODE_ENV === "production";
}
