import { describe, expect, it } from "vitest";
import type { AlertItemPayload } from "~/domain/alerts/plan";
import { alertHeaders, alertMail, alertSubject, guestConfirmMail } from "~/mail/alerts.server";

const item = (over: Partial<AlertItemPayload> = {}): AlertItemPayload => ({
  kind: "nuovo-bando",
  istat: "016024",
  comune: "Bergamo",
  callId: 1,
  publicId: "prova:1",
  title: "Cloud <script>alert(1)</script>",
  issuer: "Regione Lombardia",
  deadline: "2026-03-31T10:00:00.000Z",
  url: "https://www.regione.lombardia.it/bando",
  claimableAmount: 23147,
  score: 72,
  firstReason: "Il bando finanzia la migrazione in cloud prevista nel piano triennale.",
  changes: [],
  daysLeft: null,
  ...over,
});

const links = { appUrl: "https://cruscotto.example.it", unsubscribeUrl: "https://cruscotto.example.it/avvisi/disiscrizione/1.x", manageUrl: "https://cruscotto.example.it/account/avvisi" };

describe("alert e-mails", () => {
  it("a new match: comune, call, claimable amount, deadline, first reason and link, in both parts", () => {
    const mail = alertMail({ kind: "immediata", name: "Maria Rossi", items: [item()], ...links });
    expect(mail.subject).toBe("Nuovo bando per Bergamo: Cloud <script>alert(1)</script>");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Bergamo");
      expect(part).toContain("€ 23.147,00");
      expect(part).toContain("31/03/2026, 12:00");
      expect(part).toContain("Il bando finanzia la migrazione in cloud");
      expect(part).toContain("https://cruscotto.example.it/comuni/016024");
      expect(part).toContain("72 su 100");
      expect(part).toContain(links.unsubscribeUrl);
    }
    // Accessible and safe HTML: language, one h1, headings in order, escaped values.
    expect(mail.html).toContain('<html lang="it">');
    expect(mail.html.match(/<h1/g)).toHaveLength(1);
    expect(mail.html).toMatch(/<h1[\s\S]*<h2/);
    expect(mail.html).not.toMatch(/<h3/);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("Cloud &lt;script&gt;");
    expect(mail.html).toContain("<dl");
    expect(mail.html).not.toContain("<img");
  });

  it("a digest of several comuni groups by comune with h2 and h3; a link to a non-web URL is never printed", () => {
    const mail = alertMail({
      kind: "riepilogo",
      name: null,
      items: [item(), item({ istat: "015146", comune: "Milano", kind: "modifica", changes: ["Scadenza prorogata dal 31/03/2026 al 30/04/2026"], url: "javascript:alert(1)" })],
      digest: { frequency: "settimanale", periodKey: "2026-W48" },
      ...links,
    });
    expect(mail.subject).toBe("Riepilogo della settimana 48 del 2026: 2 novità sui bandi per 2 comuni");
    expect(mail.html).toMatch(/<h2[^>]*>Bergamo<\/h2>[\s\S]*<h3[\s\S]*<h2[^>]*>Milano<\/h2>/);
    expect(mail.text).toContain("Scadenza prorogata dal 31/03/2026 al 30/04/2026");
    expect(mail.html).not.toContain("javascript:");
    expect(mail.text).not.toContain("javascript:");
    expect(mail.text.startsWith("Buongiorno,")).toBe(true);
  });

  it("subjects of reminders and of several alerts", () => {
    expect(alertSubject({ kind: "promemoria", items: [item({ kind: "promemoria", daysLeft: 1 })] })).toBe("Promemoria, scade domani: Cloud <script>alert(1)</script> (Bergamo)");
    expect(alertSubject({ kind: "promemoria", items: [item({ kind: "promemoria", daysLeft: 3 }), item({ kind: "promemoria", callId: 2 })] })).toBe("2 bandi in scadenza per Bergamo");
    expect(alertSubject({ kind: "immediata", items: [item(), item({ istat: "015146", comune: "Milano" })] })).toBe("2 novità sui bandi per 2 comuni");
  });

  it("headers: RFC 8058 one-click, list id, automatic message", () => {
    expect(alertHeaders({ unsubscribeUrl: links.unsubscribeUrl, domain: "cruscotto.example.it", kind: "riepilogo" })).toEqual({
      "List-Unsubscribe": `<${links.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Id": "Avvisi del Cruscotto digitale <avvisi.cruscotto.example.it>",
      "Auto-Submitted": "auto-generated",
      "X-Cruscotto-Tipo": "avviso-riepilogo",
    });
  });

  it("the guest's double opt-in message says nothing is sent without confirmation", () => {
    const mail = guestConfirmMail({ comune: "Bergamo", link: "https://cruscotto.example.it/avvisi/conferma/abc", expiresAt: new Date("2026-11-25T10:00:00Z"), frequency: "Riepilogo settimanale (il lunedì mattina)" });
    expect(mail.subject).toBe("Conferma l'iscrizione agli avvisi per Bergamo");
    expect(mail.text).toContain("https://cruscotto.example.it/avvisi/conferma/abc");
    expect(mail.text).toContain("senza conferma non riceverai nulla");
  });
});
