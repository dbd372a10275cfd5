/**
 * Renders an Italian e-mail in two parts, text and HTML, from one description. The HTML is
 * simple and accessible (lang="it", one heading, real paragraphs, a link whose text says where it
 * goes, no images); every value is escaped, so a name cannot inject markup.
 */
export interface MailContent {
  subject: string;
  /** The greeting line, e.g. "Gentile Maria Rossi,". */
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Lines after the link (validity, what to do if unexpected). */
  after?: string[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const SIGNATURE = "Cruscotto digitale dei comuni lombardi — ANCI Lombardia";
const AUTOMATIC = "Questo messaggio è stato inviato automaticamente: non rispondere a questo indirizzo.";

export function renderMail(content: MailContent): RenderedMail {
  const text = [
    content.greeting,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    ...(content.action ? [`${content.action.label}:`, content.action.url, ""] : []),
    ...(content.after ?? []).flatMap((p) => [p, ""]),
    "-- ",
    SIGNATURE,
    AUTOMATIC,
    "",
  ].join("\n");

  const p = (line: string) => `<p style="margin:0 0 1em 0">${escapeHtml(line)}</p>`;
  const html = `<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:'Titillium Web',Arial,sans-serif;font-size:16px;line-height:1.5">
<div role="article" aria-label="${escapeHtml(content.subject)}" style="max-width:40em;margin:0 auto;padding:1.5em">
<h1 style="font-size:1.4em;color:#003366;margin:0 0 1em 0">${escapeHtml(content.subject)}</h1>
${p(content.greeting)}
${content.paragraphs.map(p).join("\n")}
${
  content.action
    ? `<p style="margin:1.5em 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#0066cc;color:#ffffff;padding:0.6em 1.2em;text-decoration:none;font-weight:bold;border-radius:4px">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 1em 0;font-size:0.9em">Se il pulsante non funziona, copia questo indirizzo nel browser:<br><span style="word-break:break-all">${escapeHtml(content.action.url)}</span></p>`
    : ""
}
${(content.after ?? []).map(p).join("\n")}
<hr style="border:0;border-top:1px solid #5c6f82;margin:2em 0 1em 0">
<p style="margin:0;font-size:0.9em;color:#5c6f82">${escapeHtml(SIGNATURE)}<br>${escapeHtml(AUTOMATIC)}</p>
</div>
</body>
</html>
`;
  return { subject: content.subject, text, html };
}
