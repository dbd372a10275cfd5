import { CheckboxGroup, SelectField, TextField, type FieldErrors } from "~/components/profile/form-fields";
import { ALERT_FREQUENCIES, ALERT_FREQUENCY_LABELS, formatReminderDays, type SubscriptionSettings } from "~/domain/alerts/settings";
import { DEFAULT_THEMES } from "~/domain/taxonomy";

const THEME_OPTIONS = DEFAULT_THEMES.map((t) => ({ value: t.key, label: t.label }));
const FREQUENCY_OPTIONS = ALERT_FREQUENCIES.map((f) => ({ value: f, label: ALERT_FREQUENCY_LABELS[f] }));

/** Field ids of the subscription form (for the error summary's links). */
export const SUBSCRIPTION_FIELD_IDS: Record<string, string> = {
  email: "avviso-email",
  comune: "avviso-comune",
  frequenza: "avviso-frequenza",
  punteggioMinimo: "avviso-punteggio",
  temi: "avviso-temi",
  promemoria: "avviso-promemoria",
  modifiche: "avviso-modifiche",
};

/** The preference fields shared by the account page and the public form (plain HTML, no JS needed). */
export function SubscriptionFields({
  values,
  errors,
  changeAlerts,
}: {
  values: SubscriptionSettings;
  errors: FieldErrors;
  /** Offer change alerts on tracked calls (only to people who can see the comune's tracking). */
  changeAlerts: boolean;
}) {
  const ids = SUBSCRIPTION_FIELD_IDS;
  return (
    <>
      <SelectField
        id={ids.frequenza!}
        name="frequenza"
        label="Quando ricevere i nuovi bandi"
        options={FREQUENCY_OPTIONS}
        defaultValue={values.frequency}
        error={errors.frequenza}
        hint="I promemoria delle scadenze arrivano sempre nel giorno previsto."
        required
      />
      <TextField
        id={ids.punteggioMinimo!}
        name="punteggioMinimo"
        label="Punteggio minimo di adeguatezza (da 0 a 100)"
        type="number"
        inputMode="numeric"
        defaultValue={values.minScore}
        error={errors.punteggioMinimo}
        hint="Ricevi solo i bandi adatti al comune almeno quanto indicato: 50 è un buon punto di partenza."
        required
      />
      <CheckboxGroup
        id={ids.temi!}
        name="temi"
        legend="Temi (nessuno selezionato: tutti i temi)"
        options={THEME_OPTIONS}
        checked={values.themes}
        error={errors.temi}
      />
      <TextField
        id={ids.promemoria!}
        name="promemoria"
        label="Promemoria: giorni prima della scadenza"
        defaultValue={formatReminderDays(values.reminderDays)}
        error={errors.promemoria}
        hint="Numeri separati da virgole, ad esempio 30, 14, 3. Lascia vuoto per non ricevere promemoria."
        maxLength={100}
      />
      {changeAlerts ? (
        <div className="form-group">
          <div className="form-check">
            <input id={ids.modifiche} name="modifiche" type="checkbox" value="si" defaultChecked={values.changeAlerts} />
            <label htmlFor={ids.modifiche}>Avvisami quando cambia un bando che il comune sta seguendo (ad esempio una proroga della scadenza)</label>
          </div>
        </div>
      ) : null}
    </>
  );
}
