import { Form } from "@remix-run/react";
import { PROGRAMME_INSTRUMENT_LABELS, PROGRAMME_INSTRUMENTS, PROGRAMME_STATE_LABELS, PROGRAMME_STATES } from "~/domain/profile";
import type { ProgrammeFormFields } from "~/domain/programme";
import { DEFAULT_THEMES } from "~/domain/taxonomy";
import { CheckboxGroup, ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from "./form-fields";

const FIELD_IDS: Record<keyof ProgrammeFormFields, string> = {
  title: "titolo",
  description: "descrizione",
  themes: "temi",
  amount: "importo",
  startYear: "anno-inizio",
  endYear: "anno-fine",
  instrument: "strumento",
  state: "stato",
};

const THEME_OPTIONS = DEFAULT_THEMES.map((t) => ({ value: t.key, label: t.label }));
const INSTRUMENT_OPTIONS = [
  { value: "", label: "Scegli…" },
  ...PROGRAMME_INSTRUMENTS.map((i) => ({ value: i, label: PROGRAMME_INSTRUMENT_LABELS[i] })),
];
const STATE_OPTIONS = PROGRAMME_STATES.map((s) => ({ value: s, label: PROGRAMME_STATE_LABELS[s] }));

/** Create and edit form of a programming item (works without JavaScript). */
export function ProgrammeItemForm({
  values,
  errors,
  submitLabel,
  busy,
}: {
  values: ProgrammeFormFields;
  errors: FieldErrors;
  submitLabel: string;
  busy: boolean;
}) {
  return (
    <Form method="post" className="cd-form" noValidate aria-describedby={Object.keys(errors).length > 0 ? "riepilogo-errori" : undefined}>
      <ErrorSummary errors={errors} fieldIds={FIELD_IDS} />
      <input type="hidden" name="intent" value="salva" />
      <TextField id={FIELD_IDS.title} name="title" label="Titolo" defaultValue={values.title} error={errors.title} required maxLength={200} />
      <TextAreaField
        id={FIELD_IDS.description}
        name="description"
        label="Descrizione"
        defaultValue={values.description}
        error={errors.description}
        maxLength={4000}
      />
      <CheckboxGroup
        id={FIELD_IDS.themes}
        name="themes"
        legend="Temi"
        options={THEME_OPTIONS}
        checked={values.themes}
        error={errors.themes}
        hint="I temi servono ad abbinare la voce ai bandi."
      />
      <div className="row">
        <div className="col-12 col-md-6">
          <SelectField
            id={FIELD_IDS.instrument}
            name="instrument"
            label="Strumento di programmazione"
            options={INSTRUMENT_OPTIONS}
            defaultValue={values.instrument}
            error={errors.instrument}
            required
          />
        </div>
        <div className="col-12 col-md-6">
          <SelectField id={FIELD_IDS.state} name="state" label="Stato" options={STATE_OPTIONS} defaultValue={values.state} error={errors.state} required />
        </div>
        <div className="col-12 col-md-4">
          <TextField
            id={FIELD_IDS.amount}
            name="amount"
            label="Importo previsto (euro)"
            defaultValue={values.amount}
            error={errors.amount}
            inputMode="decimal"
            hint="Ad esempio 120.000 oppure 120000,50"
          />
        </div>
        <div className="col-6 col-md-4">
          <TextField
            id={FIELD_IDS.startYear}
            name="startYear"
            label="Anno di inizio"
            type="number"
            defaultValue={values.startYear}
            error={errors.startYear}
            inputMode="numeric"
          />
        </div>
        <div className="col-6 col-md-4">
          <TextField
            id={FIELD_IDS.endYear}
            name="endYear"
            label="Anno di fine"
            type="number"
            defaultValue={values.endYear}
            error={errors.endYear}
            inputMode="numeric"
          />
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Salvataggio in corso…" : submitLabel}
      </button>
    </Form>
  );
}
