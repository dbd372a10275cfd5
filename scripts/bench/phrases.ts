import type { ThemeKey } from "~/domain/taxonomy";

/**
 * Italian phrases per theme for generated calls and programme items: calls and items draw
 * different wordings of the same subjects, so text similarity has something real to find.
 */
export const THEME_PHRASES: Record<ThemeKey, { call: string[]; item: string[] }> = {
  cloud: {
    call: ["migrazione al cloud dei servizi comunali", "adozione di servizi cloud qualificati", "trasferimento dei data center nel cloud"],
    item: ["migrazione in cloud del gestionale", "dismissione della sala server comunale", "servizi applicativi in cloud"],
  },
  "servizi-digitali": {
    call: ["esperienza del cittadino nei servizi pubblici", "nuovo sito web comunale sul modello nazionale", "servizi digitali al cittadino"],
    item: ["rifacimento del sito internet comunale", "servizi online per i cittadini", "sportello telematico polifunzionale"],
  },
  pagamenti: {
    call: ["adozione della piattaforma pagoPA", "pagamenti elettronici verso la pubblica amministrazione", "integrazione dei servizi di pagamento"],
    item: ["pagamenti pagoPA per mense e tributi", "avvisi di pagamento elettronici", "pagamento online dei servizi comunali"],
  },
  "app-io": {
    call: ["attivazione dei servizi su App IO", "app dei servizi pubblici IO", "messaggi ai cittadini tramite App IO"],
    item: ["servizi comunali su App IO", "scadenze e avvisi su App IO", "comunicazioni ai cittadini con App IO"],
  },
  "identita-digitale": {
    call: ["adozione di SPID e CIE per l'accesso ai servizi", "identità digitale e autenticazione", "accesso con carta d'identità elettronica"],
    item: ["accesso con SPID e CIE ai servizi online", "autenticazione con identità digitale", "login con CIE sul portale"],
  },
  anagrafe: {
    call: ["subentro in ANPR e stato civile digitale", "adesione all'archivio nazionale dello stato civile", "servizi anagrafici digitali"],
    item: ["stato civile digitale ANSC", "certificati anagrafici online", "bonifica dei dati anagrafici ANPR"],
  },
  notifiche: {
    call: ["piattaforma notifiche digitali SEND", "digitalizzazione degli avvisi pubblici", "notificazione digitale degli atti"],
    item: ["notifiche digitali delle multe con SEND", "avvisi di accertamento tramite piattaforma notifiche", "notifica digitale degli atti tributari"],
  },
  interoperabilita: {
    call: ["piattaforma digitale nazionale dati PDND", "interoperabilità tra le banche dati pubbliche", "pubblicazione di e-service e API"],
    item: ["e-service PDND per l'anagrafe", "interoperabilità del gestionale tributi", "API per lo scambio di dati con la PDND"],
  },
  dati: {
    call: ["valorizzazione del patrimonio informativo pubblico", "dati aperti e basi di dati territoriali", "data analytics per le decisioni pubbliche"],
    item: ["portale open data comunale", "cruscotto dei dati territoriali", "pubblicazione di dataset aperti"],
  },
  "sicurezza-informatica": {
    call: ["rafforzamento della sicurezza informatica", "cybersicurezza degli enti locali", "resilienza informatica delle infrastrutture"],
    item: ["piano di sicurezza informatica e backup", "protezione della rete comunale da attacchi", "cybersecurity e formazione del personale"],
  },
  conservazione: {
    call: ["conservazione digitale dei documenti", "gestione documentale e protocollo informatico", "dematerializzazione degli archivi"],
    item: ["digitalizzazione dell'archivio storico", "nuovo protocollo informatico", "conservazione a norma dei fascicoli"],
  },
  procedimenti: {
    call: ["digitalizzazione dei procedimenti amministrativi", "SUAP e SUE digitali", "semplificazione delle pratiche edilizie online"],
    item: ["pratiche edilizie digitali SUE", "workflow digitale degli atti", "sportello unico attività produttive online"],
  },
  connettivita: {
    call: ["banda ultralarga negli edifici pubblici", "connettività in fibra per le sedi comunali", "reti wi-fi pubbliche gratuite"],
    item: ["fibra ottica per municipio e scuole", "wi-fi libero in piazza", "collegamento in banda ultralarga della biblioteca"],
  },
  "competenze-digitali": {
    call: ["punti di facilitazione digitale", "formazione sulle competenze digitali", "rafforzamento della capacità amministrativa"],
    item: ["corsi di alfabetizzazione digitale per anziani", "formazione del personale sui servizi digitali", "punto di facilitazione in biblioteca"],
  },
  "smart-city": {
    call: ["soluzioni smart city per il territorio", "sensori e internet delle cose nei comuni", "videosorveglianza intelligente"],
    item: ["telecamere di videosorveglianza urbana", "sensori per il monitoraggio del traffico", "illuminazione intelligente con sensori"],
  },
  energia: {
    call: ["efficientamento energetico degli edifici pubblici", "impianti fotovoltaici e comunità energetiche", "riqualificazione dell'illuminazione pubblica"],
    item: ["fotovoltaico sul tetto del municipio", "sostituzione dei corpi illuminanti a led", "cappotto termico della scuola"],
  },
  "rigenerazione-urbana": {
    call: ["rigenerazione urbana e riqualificazione degli spazi pubblici", "valorizzazione dei centri storici e dei borghi", "recupero di aree degradate"],
    item: ["riqualificazione della piazza centrale", "recupero dell'ex area industriale", "arredo urbano del centro storico"],
  },
  scuole: {
    call: ["edilizia scolastica e messa in sicurezza delle scuole", "nuovi asili nido e scuole dell'infanzia", "mense scolastiche"],
    item: ["adeguamento sismico della scuola primaria", "ampliamento dell'asilo nido", "nuova mensa scolastica"],
  },
  mobilita: {
    call: ["mobilità sostenibile e piste ciclabili", "trasporto pubblico locale", "sicurezza della viabilità comunale"],
    item: ["pista ciclabile verso la stazione", "rotatoria sulla strada provinciale", "parcheggio di interscambio"],
  },
  ambiente: {
    call: ["contrasto al dissesto idrogeologico", "economia circolare e gestione dei rifiuti", "forestazione e verde urbano"],
    item: ["messa in sicurezza del versante franoso", "isola ecologica comunale", "parco urbano e nuove alberature"],
  },
  "cultura-turismo": {
    call: ["valorizzazione del patrimonio culturale", "promozione turistica del territorio", "biblioteche e musei"],
    item: ["restauro del teatro comunale", "percorsi turistici e segnaletica", "digitalizzazione del museo civico"],
  },
  sociale: {
    call: ["inclusione sociale e servizi per le famiglie", "servizi per anziani e persone con disabilità", "politiche giovanili e abitare"],
    item: ["centro diurno per anziani", "alloggi sociali comunali", "spazio giovani e doposcuola"],
  },
  sport: {
    call: ["impianti sportivi e attività motoria", "riqualificazione delle palestre", "sport di base e inclusione"],
    item: ["rifacimento del campo sportivo", "nuova palestra comunale", "spogliatoi del centro sportivo"],
  },
};

export const CALL_TITLE_TEMPLATES = [
  "Contributi per {p}",
  "Avviso pubblico per {p}",
  "Bando {y}: {p}",
  "Misura di sostegno per {p}",
  "Finanziamenti ai comuni per {p}",
];

export const CALL_DESCRIPTION_TEMPLATES = [
  "Il bando finanzia interventi di {p} e {q}. Sono ammissibili le spese per servizi, forniture e lavori.",
  "L'avviso sostiene progetti di {p}, con priorità a {q}. Le domande sono valutate secondo i criteri del bando.",
  "Contributi a fondo perduto per {p}. Il progetto deve riguardare anche {q}.",
];

export const ITEM_TITLE_TEMPLATES = ["{p}", "Progetto: {p}", "Intervento di {p}", "{p} ({y})"];

export const ITEM_DESCRIPTION_TEMPLATES = [
  "Intervento previsto nella programmazione triennale: {p}.",
  "Obiettivo dell'amministrazione: {p}, in collaborazione con {q}.",
  "",
];

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w)\}/g, (_, k: string) => values[k] ?? "");
}

/** Administrative sentences that real calls repeat: they lengthen descriptions realistically. */
export const GENERIC_SENTENCES = [
  "Le spese ammissibili comprendono progettazione, forniture, servizi e lavori.",
  "La domanda va presentata tramite la piattaforma telematica dell'ente erogatore.",
  "Il contributo è concesso a fondo perduto fino alla copertura del costo del progetto.",
  "La rendicontazione delle spese avviene per stati di avanzamento.",
  "I progetti sono valutati per qualità tecnica, coerenza e sostenibilità economica.",
  "Il cronoprogramma deve concludersi entro ventiquattro mesi dall'ammissione.",
  "È richiesto il codice unico di progetto (CUP) al momento della candidatura.",
  "Sono escluse le spese di personale interno e di manutenzione ordinaria.",
  "L'ente beneficiario nomina un responsabile unico del procedimento.",
  "Il finanziamento è cumulabile con altre agevolazioni nei limiti della spesa ammissibile.",
  "Le risorse sono assegnate in ordine cronologico di presentazione fino a esaurimento.",
  "La graduatoria è approvata entro novanta giorni dalla chiusura dell'avviso.",
  "Il progetto deve rispettare il principio di non arrecare danno significativo all'ambiente.",
  "Gli interventi devono garantire l'accessibilità per le persone con disabilità.",
  "Sono previste premialità per i progetti presentati in forma aggregata.",
  "Il soggetto attuatore assicura il monitoraggio dei risultati e degli indicatori.",
  "La liquidazione avviene previa verifica della documentazione di spesa.",
  "È ammessa una sola candidatura per ente.",
  "Il bando promuove la collaborazione tra enti del territorio e partner pubblici e privati.",
  "Le attività di comunicazione devono riportare il logo dell'ente finanziatore.",
];
