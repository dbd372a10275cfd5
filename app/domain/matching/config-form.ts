import { z } from "zod";
import { COMPONENT_KEYS, COMPONENT_LABELS, type ScoringConfig, validateScoringConfig } from "./config";
import { DISMISSAL_REASONS, DISMISSAL_REASON_LABELS } from "./dismissal";

/**
 * The admins' form of the scoring configuration (docs/decisions/0050, 0060): one text field per
 * number of `ScoringConfig`, named by its path (`weights.programmazione`, `money.referenceBudget.medio`…),
 * grouped as on the page. Parsing is a zod schema whose refinement is `validateScoringConfig`, with
 * its Italian messages attached to the fields they concern. Pure, shared by the route and its tests.
 */

export type ConfigFieldKind = "punti" | "quota" | "euro" | "giorni";

export interface ConfigField {
  path: string;
  label: string;
  kind: ConfigFieldKind;
}

export interface ConfigGroup {
  key: string;
  title: string;
  description: string;
  fields: ConfigField[];
}

const share = (path: string, label: string): ConfigField => ({ path, label, kind: "quota" });

export const CONFIG_GROUPS: ConfigGroup[] = [
  {
    key: "weights",
    title: "Pesi delle componenti",
    description: "Punti massimi di ogni componente del punteggio: numeri interi che sommano a 100.",
    fields: COMPONENT_KEYS.map((key) => ({ path: `weights.${key}`, label: COMPONENT_LABELS[key], kind: "punti" as const })),
  },
  {
    key: "programme",
    title: "Coerenza con la programmazione",
    description: "Quanto una voce della programmazione del comune corrisponde al bando.",
    fields: [
      share("programme.themeShare", "Quota dei temi nella coerenza di una voce (il resto è similarità del testo)"),
      share("programme.textSaturation", "Similarità del testo considerata piena"),
      share("programme.stateFactor.previsto", "Peso di una voce prevista"),
      share("programme.stateFactor.in-corso", "Peso di una voce in corso"),
      share("programme.stateFactor.concluso", "Peso di una voce conclusa"),
    ],
  },
  {
    key: "maturity",
    title: "Divario di maturità digitale",
    description: "Quanto manca al comune, per le voci della checklist che riguardano i temi del bando.",
    fields: [
      share("maturity.gap.non-avviato", "Divario di una voce non avviata"),
      share("maturity.gap.in-corso", "Divario di una voce in corso"),
      share("maturity.gap.completato", "Divario di una voce completata"),
      share("maturity.unknownGap", "Divario di una voce non indicata"),
      share("maturity.neutral", "Valore per i bandi che non riguardano la checklist"),
      share("maturity.alreadyFundedFactor", "Moltiplicatore se il comune è già stato finanziato per la stessa misura"),
    ],
  },
  {
    key: "money",
    title: "Importo rispetto al fabbisogno",
    description: "Importo richiedibile rispetto al budget previsto dal comune, e peso del cofinanziamento.",
    fields: [
      share("money.unknown", "Valore quando il bando non indica l'importo"),
      share("money.itemFitThreshold", "Coerenza minima perché una voce conti come il progetto da finanziare"),
      { path: "money.referenceBudget.piccolo", label: "Budget di riferimento di un piccolo comune (euro)", kind: "euro" },
      { path: "money.referenceBudget.medio", label: "Budget di riferimento di un comune medio (euro)", kind: "euro" },
      { path: "money.referenceBudget.grande", label: "Budget di riferimento di un grande comune (euro)", kind: "euro" },
      share("money.baselineShare", "Valore massimo senza una voce con budget"),
      share("money.cofinancingWeight.piccolo", "Peso del cofinanziamento per un piccolo comune"),
      share("money.cofinancingWeight.medio", "Peso del cofinanziamento per un comune medio"),
      share("money.cofinancingWeight.grande", "Peso del cofinanziamento per un grande comune"),
    ],
  },
  {
    key: "time",
    title: "Tempi per presentare la domanda",
    description: "Giorni rimasti alla scadenza rispetto al tempo minimo di preparazione.",
    fields: [
      { path: "time.minPreparationDays", label: "Giorni minimi per preparare una domanda", kind: "giorni" },
      { path: "time.horizonDays", label: "Giorni entro cui la scadenza è «il momento giusto»", kind: "giorni" },
      share("time.farValue", "Valore delle scadenze lontane (un anno e oltre)"),
      share("time.openEndedValue", "Valore dei bandi a sportello senza scadenza"),
      share("time.tightMinValue", "Valore a zero giorni dalla scadenza"),
      share("time.tightMaxValue", "Valore al limite dei giorni minimi"),
    ],
  },
  {
    key: "size",
    title: "Bando mirato alla fascia del comune",
    description: "Quanto il bando è riservato alla fascia dimensionale del comune.",
    fields: [
      share("size.reservedOneCluster", "Riservato alla sola fascia del comune"),
      share("size.reservedTwoClusters", "Riservato a due fasce"),
      share("size.reservedAnySize", "Con limiti che comprendono tutte le fasce"),
      share("size.banded", "Importi modulati per fascia di popolazione"),
      share("size.generic", "Nessuna attenzione alla dimensione"),
    ],
  },
  {
    key: "feedback",
    title: "Segnalazioni «non pertinente»",
    description: "Quanto una segnalazione di un RTD abbassa i bandi simili per il suo comune.",
    fields: [
      share("feedback.minSimilarity", "Similarità minima perché una segnalazione conti"),
      share("feedback.themeShare", "Quota dei temi nella similarità tra due bandi"),
      ...DISMISSAL_REASONS.map((reason) => share(`feedback.reasonFactor.${reason}`, `Effetto del motivo «${DISMISSAL_REASON_LABELS[reason]}»`)),
    ],
  },
];

export const CONFIG_FIELDS: ConfigField[] = CONFIG_GROUPS.flatMap((g) => g.fields);

/** The key under which errors about the weights as a whole (their sum) are reported. */
export const WEIGHTS_ERROR_KEY = "weights";

export function fieldId(path: string): string {
  return `cfg-${path.replace(/[^a-z0-9]+/gi, "-")}`;
}

function getPath(config: ScoringConfig, path: string): number {
  let value: unknown = config;
  for (const part of path.split(".")) value = (value as Record<string, unknown>)[part];
  return value as number;
}

function setPath(target: Record<string, unknown>, path: string, value: number): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] = { ...((node[part] as Record<string, unknown> | undefined) ?? {}) };
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) as string] = value;
}

/** Numbers as an Italian writes them: decimal comma (a point is accepted too). */
export function formatConfigNumber(value: number): string {
  return String(value).replace(".", ",");
}

export function configFormValues(config: ScoringConfig): Record<string, string> {
  return Object.fromEntries(CONFIG_FIELDS.map((f) => [f.path, formatConfigNumber(getPath(config, f.path))]));
}

function parseNumber(text: string, kind: ConfigFieldKind): number | null {
  let t = text.trim().replace(/\s/g, "");
  if (kind === "euro") t = t.replace(/\./g, "");
  t = t.replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/** Which field a message of validateScoringConfig is about: «path» or «component label». */
function fieldOfMessage(message: string): { key: string; text: string } {
  for (const f of CONFIG_FIELDS) {
    if (message.includes(`«${f.path}»`)) return { key: f.path, text: message.replace(`«${f.path}»`, `«${f.label}»`) };
  }
  for (const key of COMPONENT_KEYS) {
    if (message.includes(`«${COMPONENT_LABELS[key]}»`)) return { key: `weights.${key}`, text: message };
  }
  return { key: WEIGHTS_ERROR_KEY, text: message };
}

/** Each field: a number written as text (built once). */
const FIELDS_SCHEMA = z.object(
  Object.fromEntries(
    CONFIG_FIELDS.map((f) => [
      f.path,
      z
        .string({ required_error: `«${f.label}»: campo obbligatorio.` })
        .transform((text, ctx) => {
          const value = parseNumber(text, f.kind);
          if (value === null) {
            ctx.addIssue({ code: "custom", message: `«${f.label}» deve essere un numero${f.kind === "quota" ? " tra 0 e 1 (es. 0,6)" : ""}.` });
            return z.NEVER;
          }
          return value;
        }),
    ]),
  ),
);

/**
 * The zod schema of the form: each field a number as text, assembled over `base` (revision and
 * anything the form does not show) into a ScoringConfig, then checked by validateScoringConfig.
 */
export function scoringConfigFormSchema(base: ScoringConfig) {
  return FIELDS_SCHEMA.transform((values) => {
    const config = structuredClone(base) as unknown as Record<string, unknown>;
    for (const f of CONFIG_FIELDS) setPath(config, f.path, values[f.path] as number);
    return config as unknown as ScoringConfig;
  }).superRefine((config, ctx) => {
    for (const message of validateScoringConfig(config)) {
      const { key, text } = fieldOfMessage(message);
      ctx.addIssue({ code: "custom", path: [key], message: text });
    }
  });
}

export type ConfigFormErrors = Record<string, string>;

/** Parses the submitted values; errors by field path (or WEIGHTS_ERROR_KEY). */
export function parseScoringConfigForm(values: Record<string, string>, base: ScoringConfig): { ok: true; config: ScoringConfig } | { ok: false; errors: ConfigFormErrors } {
  const parsed = scoringConfigFormSchema(base).safeParse(values);
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors: ConfigFormErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? WEIGHTS_ERROR_KEY);
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
