import { z } from "zod";
import { nextSlot, parseSchedule, SCHEDULE_EXAMPLES } from "~/domain/schedule";
import { SOURCE_KEYS } from "./types";

/** The form of a configured (scheduled) source, with Italian messages. */
export const sourceFormSchema = z.object({
  name: z.string().trim().min(1, "Inserire un nome").max(120, "Nome troppo lungo"),
  adapter: z.enum(SOURCE_KEYS, { errorMap: () => ({ message: "Scegliere un formato" }) }),
  url: z
    .string()
    .trim()
    .max(2000, "Indirizzo troppo lungo")
    .refine((v) => /^https?:\/\/\S+$/i.test(v), "Indirizzo non valido: deve iniziare con https:// o http://"),
  schedule: z
    .string()
    .trim()
    .refine((v) => parseSchedule(v).ok, `Pianificazione non riconosciuta: ad esempio ${SCHEDULE_EXAMPLES.map((e) => `«${e}»`).join(", ")}`),
  enabled: z.string().optional().transform((v) => v === "on"),
  publish: z.string().optional().transform((v) => v === "on"),
});

export type SourceFormErrors = Partial<Record<keyof z.infer<typeof sourceFormSchema>, string>>;

export function parseSourceForm(form: FormData, now: Date) {
  const parsed = sourceFormSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const errors: SourceFormErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof SourceFormErrors] ??= issue.message;
    return { ok: false as const, errors };
  }
  const schedule = parseSchedule(parsed.data.schedule);
  const nextRunAt = parsed.data.enabled && schedule.ok ? nextSlot(schedule.schedule, now).toISOString() : null;
  return { ok: true as const, value: { ...parsed.data, nextRunAt } };
}
