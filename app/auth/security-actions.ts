/** The actions of the security log with their Italian labels (shared by server and UI). */
export const SECURITY_ACTIONS = {
  login: "Accesso",
  "login-fallito": "Accesso non riuscito",
  "login-bloccato": "Accesso bloccato (troppi tentativi)",
  "verifica-fallita": "Codice di verifica errato",
  logout: "Uscita",
  "utente-creato": "Utente creato",
  "utente-invitato": "Invito inviato",
  "invito-accettato": "Invito accettato",
  "ruolo-modificato": "Ruolo modificato",
  "comuni-modificati": "Comuni assegnati modificati",
  "account-disattivato": "Account disattivato",
  "account-riattivato": "Account riattivato",
  "account-eliminato": "Account eliminato",
  "password-modificata": "Password modificata",
  "password-reimpostata": "Password reimpostata",
  "reimpostazione-richiesta": "Reimpostazione password richiesta",
  "email-modifica-richiesta": "Cambio e-mail richiesto",
  "email-modificata": "E-mail modificata",
  "totp-attivato": "Verifica in due passaggi attivata",
  "totp-disattivato": "Verifica in due passaggi disattivata",
  "notifiche-consenso": "Consenso alle notifiche modificato",
  "dati-esportati": "Esportazione di dati",
  import: "Import di dati",
  "pulizia-dati": "Pulizia periodica dei dati",
  "posta-soppressa": "Indirizzo e-mail soppresso",
  "posta-riaccodata": "Messaggio rimesso in coda",
  "importazione-bandi": "Importazione di bandi (caricamento in redazione)",
  "bando-merge": "Bandi uniti come doppioni",
  "bando-split": "Bando separato da un'unione errata",
  "bando-discard": "Bando scartato",
  "punteggio-modificato": "Configurazione del punteggio modificata",
} as const;
export type SecurityAction = keyof typeof SECURITY_ACTIONS;

/** How the log names a user: `utente:<id>` (the e-mail address can change; the id cannot). */
export const userRef = (id: number) => `utente:${id}`;
