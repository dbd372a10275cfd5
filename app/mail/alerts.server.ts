import type { AlertItemPayload } from "~/domain/alerts/plan";
import type { DigestFrequency } from "~/domain/alerts/settings";
import { formatDate, formatDateTime, formatEuro } from "~/domain/format";
import { escapeHtml, renderMail, type RenderedMail } from "./render.server";

/**
 * The alert e-mails (issue 7, point 3): Italian, text and HTML from one description, accessible
 * (lang="it", one h1, headings in order, definition lists, links whose text says where they go,
 * no images, no colour-only meaning). Each entry shows the comune, the call, the claimable amount,
 * the deadline, the first reason (or what changed) and a link. Every value is escaped.
 */

export type AlertMailKind = "immediata" | "promemoria" | "riepilogo";

export interface AlertMailInput {
  kind: AlertMailKind;
  name: string | null;
  items: readonly AlertItemPayload[];
  /** APP_URL, for the links to the Cruscotto. */
  appUrl: string;
  unsubscribeUrl: string;
  /** Where the person changes preferences (their account page, or the public form for guests). */
  manageUrl: string;
  digest?: { frequency: DigestFrequency; periodKey: string };
}

const SIGNATURE = "Cruscotto digitale dei comuni lombardi — ANCI Lombardia";

function daysText(days: number): string {
  if (days <= 0) return "scade oggi";
  if (days === 1) return "scade domani";
  return `scade tra ${days} giorni`;
}

function periodLabel(digest: NonNullable<AlertMailInput["digest"]>): string {
  if (digest.frequency === "giornaliera") return `Riepilogo del ${formatDate(`${digest.periodKey}T12:00:00Z`)}`;
  const [year, week] = digest.periodKey.split("-W");
  return `Riepilogo della settimana ${Number(week)} del ${year}`;
}

/** Subject: one entry names the call; several are counted. */
export function alertSubject(input: Pick<AlertMailInput, "kind" | "items" | "digest">): string {
  const items = input.items;
  const comuni = [...new Set(items.map((i) => i.comune))];
  const where = comuni.length === 1 ? comuni[0]! : `${comuni.length} comuni`;
  if (input.kind === "riepilogo" && input.digest) {
    return `${periodLabel(input.digest)}: ${items.length === 1 ? "1 novità" : `${items.length} novità`} sui bandi per ${where}`;
  }
  if (items.length === 1) {
    const only = items[0]!;
    if (only.kind === "nuovo-bando") return `Nuovo bando per ${only.comune}: ${only.title}`;
    if (only.kind === "modifica") return `Bando modificato (${only.comune}): ${only.title}`;
    return `Promemoria, ${daysText(only.daysLeft ?? 0)}: ${only.title} (${only.comune})`;
  }
  if (input.kind === "promemoria") return `${items.length} bandi in scadenza per ${where}`;
  return `${items.length} novità sui bandi per ${where}`;
}

const KIND_HEADINGS: Record<AlertItemPayload["kind"], string> = {
  "nuovo-bando": "Nuovo bando adatto al comune",
  modifica: "Bando seguito dal comune modificato",
  promemoria: "Promemoria di scadenza",
};

function isHttpUrl(value: string | null): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** The facts of one entry as label/value pairs (the same in text and HTML). */
function facts(item: AlertItemPayload): [string, string][] {
  const rows: [string, string][] = [
    ["Comune", item.comune],
    ["Ente", item.issuer],
    ["Importo richiedibile", item.claimableAmount === null ? "non indicato" : formatEuro(item.claimableAmount)],
    [
      "Scadenza",
      item.deadline ? `${formatDateTime(item.deadline)}${item.daysLeft !== null ? ` (${daysText(item.daysLeft)})` : ""}` : "nessuna: a sportello fino a esaurimento",
    ],
  ];
  if (item.score !== null && item.kind === "nuovo-bando") rows.push(["Punteggio di adeguatezza", `${item.score} su 100`]);
  if (item.firstReason && item.kind !== "modifica") rows.push(["Perché", item.firstReason]);
  return rows;
}

function comuneLink(appUrl: string, item: AlertItemPayload): string {
  return `${appUrl}/comuni/${encodeURIComponent(item.istat)}`;
}

function textEntry(item: AlertItemPayload, appUrl: string): string[] {
  const lines = [`${KIND_HEADINGS[item.kind]}: ${item.title}`];
  for (const [label, value] of facts(item)) lines.push(`  ${label}: ${value}`);
  if (item.changes.length) {
    lines.push("  Cosa è cambiato:");
    for (const change of item.changes) lines.push(`   - ${change}`);
  }
  lines.push(`  Nel Cruscotto: ${comuneLink(appUrl, item)}`);
  if (isHttpUrl(item.url)) lines.push(`  Bando sul sito dell'ente: ${item.url}`);
  return [...lines, ""];
}

function htmlEntry(item: AlertItemPayload, appUrl: string, level: 2 | 3): string {
  const h = `h${level}`;
  const dl = facts(item)
    .map(([label, value]) => `<dt style="font-weight:bold;margin:0">${escapeHtml(label)}</dt><dd style="margin:0 0 0.5em 0">${escapeHtml(value)}</dd>`)
    .join("");
  const changes = item.changes.length
    ? `<p style="margin:0.5em 0 0.25em 0;font-weight:bold">Cosa è cambiato:</p><ul style="margin:0 0 0.5em 1.2em;padding:0">${item.changes.map((c) => `<li>${escapeHtml(c)}</li>`).join("")}</ul>`
    : "";
  const source = isHttpUrl(item.url)
    ? ` · <a href="${escapeHtml(item.url)}" style="color:#0066cc">Bando «${escapeHtml(item.title)}» sul sito dell'ente</a>`
    : "";
  return `<section style="border-left:4px solid #0066cc;padding:0.25em 0 0.25em 1em;margin:0 0 1.5em 0">
<p style="margin:0;font-size:0.9em;color:#5c6f82;text-transform:uppercase;letter-spacing:0.03em">${escapeHtml(KIND_HEADINGS[item.kind])}</p>
<${h} style="font-size:1.15em;color:#003366;margin:0.2em 0 0.5em 0">${escapeHtml(item.title)}</${h}>
<dl style="margin:0">${dl}</dl>
${changes}<p style="margin:0.5em 0 0 0"><a href="${escapeHtml(comuneLink(appUrl, item))}" style="color:#0066cc">Apri il cruscotto di ${escapeHtml(item.comune)}</a>${source}</p>
</section>`;
}

function intro(input: AlertMailInput): string {
  const n = input.items.length;
  if (input.kind === "riepilogo") return `ecco ${n === 1 ? "la novità" : `le ${n} novità`} sui bandi per i comuni che segui, in ordine di comune.`;
  if (input.kind === "promemoria") return n === 1 ? "un bando che segui sta per scadere." : `${n} bandi che segui stanno per scadere.`;
  return n === 1 ? "c'è una novità sui bandi per un comune che segui." : `ci sono ${n} novità sui bandi per i comuni che segui.`;
}

export function alertMail(input: AlertMailInput): RenderedMail {
  const subject = alertSubject(input);
  const greeting = input.name ? `Gentile ${input.name},` : "Buongiorno,";
  const comuni = [...new Set(input.items.map((i) => i.comune))].join(", ");
  const why = `Ricevi questo messaggio perché hai attivato gli avvisi del Cruscotto digitale per: ${comuni}.`;
  const byComune = input.kind === "riepilogo" && new Set(input.items.map((i) => i.istat)).size > 1;

  const text = [
    `${greeting} ${intro(input)}`,
    "",
    ...(byComune
      ? [...new Set(input.items.map((i) => i.comune))].flatMap((comune) => [
          `== ${comune} ==`,
          "",
          ...input.items.filter((i) => i.comune === comune).flatMap((i) => textEntry(i, input.appUrl)),
        ])
      : input.items.flatMap((i) => textEntry(i, input.appUrl))),
    "-- ",
    why,
    `Modifica le preferenze: ${input.manageUrl}`,
    `Non ricevere più questi avvisi (un clic, senza accedere): ${input.unsubscribeUrl}`,
    SIGNATURE,
    "",
  ].join("\n");

  const body = byComune
    ? [...new Set(input.items.map((i) => i.comune))]
        .map(
          (comune) =>
            `<h2 style="font-size:1.25em;color:#1a1a1a;margin:1.5em 0 0.75em 0">${escapeHtml(comune)}</h2>\n${input.items
              .filter((i) => i.comune === comune)
              .map((i) => htmlEntry(i, input.appUrl, 3))
              .join("\n")}`,
        )
        .join("\n")
    : input.items.map((i) => htmlEntry(i, input.appUrl, 2)).join("\n");

  const html = `<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:'Titillium Web',Arial,sans-serif;font-size:16px;line-height:1.5">
<div role="article" aria-label="${escapeHtml(subject)}" style="max-width:40em;margin:0 auto;padding:1.5em">
<h1 style="font-size:1.4em;color:#003366;margin:0 0 1em 0">${escapeHtml(subject)}</h1>
<p style="margin:0 0 1.5em 0">${escapeHtml(`${greeting} ${intro(input)}`)}</p>
${body}
<hr style="border:0;border-top:1px solid #5c6f82;margin:2em 0 1em 0">
<p style="margin:0 0 0.5em 0;font-size:0.9em;color:#3d4955">${escapeHtml(why)}</p>
<p style="margin:0 0 0.5em 0;font-size:0.9em"><a href="${escapeHtml(input.manageUrl)}" style="color:#0066cc">Modifica le preferenze degli avvisi</a> · <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#0066cc">Non ricevere più questi avvisi</a></p>
<p style="margin:0;font-size:0.9em;color:#3d4955">${escapeHtml(SIGNATURE)}</p>
</div>
</body>
</html>
`;
  return { subject, text, html };
}

/**
 * Headers of every alert (SECURITY.md 23, RFC 8058 and RFC 2369/2919/3834): the HTTPS (or, in
 * development, HTTP) unsubscribe URL, the one-click POST marker, a list id, and the mark of an
 * automatic message (no auto-replies).
 */
export function alertHeaders(input: { unsubscribeUrl: string; domain: string; kind: AlertMailKind }): Record<string, string> {
  return {
    "List-Unsubscribe": `<${input.unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `Avvisi del Cruscotto digitale <avvisi.${input.domain}>`,
    "Auto-Submitted": "auto-generated",
    "X-Cruscotto-Tipo": `avviso-${input.kind}`,
  };
}

/** The double opt-in e-mail of a guest (a comune's office without an account). */
export function guestConfirmMail(input: { comune: string; link: string; expiresAt: Date; frequency: string }): RenderedMail {
  return renderMail({
    subject: `Conferma l'iscrizione agli avvisi per ${input.comune}`,
    greeting: "Buongiorno,",
    paragraphs: [
      `È stato chiesto di inviare a questo indirizzo gli avvisi del Cruscotto digitale per il comune di ${input.comune} (${input.frequency.toLowerCase()}): nuovi bandi adatti al comune e promemoria delle scadenze.`,
      "Gli avvisi partono solo dopo la conferma dalla pagina seguente.",
    ],
    action: { label: "Conferma l'iscrizione agli avvisi", url: input.link },
    after: [
      `Il collegamento vale una sola volta e scade il ${formatDateTime(input.expiresAt)}.`,
      "Se non hai chiesto tu l'iscrizione ignora questo messaggio: senza conferma non riceverai nulla.",
    ],
  });
}
