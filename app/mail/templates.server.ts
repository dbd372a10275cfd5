import { ROLE_LABELS } from "~/auth/permissions";
import type { Role } from "~db/schema";
import { formatDateTime } from "~/domain/format";
import { renderMail, type RenderedMail } from "./render.server";

/** The e-mails of accounts, in Italian (text and HTML). Links are absolute, from APP_URL. */

function greeting(name: string | null | undefined): string {
  return name ? `Gentile ${name},` : "Gentile utente,";
}

export function invitationMail(input: {
  name?: string | null;
  role: Role;
  comuni: string[];
  link: string;
  expiresAt: Date;
}): RenderedMail {
  const scope = input.comuni.length > 0 ? ` per ${input.comuni.length === 1 ? "il comune di" : "i comuni di"} ${input.comuni.join(", ")}` : "";
  return renderMail({
    subject: "Invito al Cruscotto digitale dei comuni lombardi",
    greeting: greeting(input.name),
    paragraphs: [
      `ANCI Lombardia ti ha invitato ad accedere al Cruscotto digitale con il ruolo «${ROLE_LABELS[input.role]}»${scope}.`,
      "Per attivare l'account scegli una password dalla pagina seguente (almeno 8 caratteri; una frase lunga è più sicura e più facile da ricordare).",
    ],
    action: { label: "Attiva l'account", url: input.link },
    after: [
      `Il collegamento vale una sola volta e scade il ${formatDateTime(input.expiresAt)}.`,
      "Se non ti aspettavi questo invito puoi ignorare il messaggio: senza attivazione l'account resta inutilizzabile.",
    ],
  });
}

export function passwordResetMail(input: { name?: string | null; link: string; expiresAt: Date }): RenderedMail {
  return renderMail({
    subject: "Reimpostazione della password del Cruscotto digitale",
    greeting: greeting(input.name),
    paragraphs: ["Abbiamo ricevuto una richiesta di reimpostare la password del tuo account sul Cruscotto digitale."],
    action: { label: "Scegli una nuova password", url: input.link },
    after: [
      `Il collegamento vale una sola volta e scade il ${formatDateTime(input.expiresAt)}.`,
      "Se non hai chiesto tu la reimpostazione ignora questo messaggio: la password attuale resta valida.",
    ],
  });
}

export function emailChangeConfirmMail(input: { name?: string | null; newEmail: string; link: string; expiresAt: Date }): RenderedMail {
  return renderMail({
    subject: "Conferma il nuovo indirizzo e-mail",
    greeting: greeting(input.name),
    paragraphs: [`Hai chiesto di usare ${input.newEmail} come indirizzo del tuo account sul Cruscotto digitale.`],
    action: { label: "Conferma il nuovo indirizzo", url: input.link },
    after: [
      `Il collegamento vale una sola volta e scade il ${formatDateTime(input.expiresAt)}.`,
      "Se non hai chiesto tu la modifica ignora questo messaggio: l'indirizzo non cambierà.",
    ],
  });
}

export function emailChangeNoticeMail(input: { name?: string | null; newEmail: string }): RenderedMail {
  return renderMail({
    subject: "Richiesta di cambio dell'indirizzo e-mail",
    greeting: greeting(input.name),
    paragraphs: [
      `È stato chiesto di sostituire questo indirizzo con ${input.newEmail} per il tuo account sul Cruscotto digitale. Il cambio avverrà solo dopo la conferma dal nuovo indirizzo.`,
      "Se non sei stato tu, cambia subito la password e avvisa l'amministrazione del Cruscotto presso ANCI Lombardia.",
    ],
  });
}

export function passwordChangedMail(input: { name?: string | null; at: Date }): RenderedMail {
  return renderMail({
    subject: "La password del Cruscotto digitale è stata modificata",
    greeting: greeting(input.name),
    paragraphs: [
      `La password del tuo account è stata modificata il ${formatDateTime(input.at)}. Tutte le sessioni aperte sono state chiuse.`,
      "Se non sei stato tu, usa subito «Password dimenticata» nella pagina di accesso e avvisa l'amministrazione del Cruscotto presso ANCI Lombardia.",
    ],
  });
}
