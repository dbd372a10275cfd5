import { Form } from "@remix-run/react";
import type { AggregationFormFields } from "~/domain/aggregation-form";
import { AGGREGATION_TYPE_LABELS, AGGREGATION_TYPES } from "~/domain/taxonomy";
import { ErrorSummary, SelectField, TextAreaField, TextField, type FieldErrors } from "./form-fields";

const FIELD_IDS: Record<keyof AggregationFormFields, string> = {
  name: "nome",
  type: "tipo",
  leadIstat: "capofila",
  members: "comuni",
};

const TYPE_OPTIONS = [{ value: "", label: "Scegli…" }, ...AGGREGATION_TYPES.map((t) => ({ value: t, label: AGGREGATION_TYPE_LABELS[t] }))];

/** The curators' form for an aggregation (works without JavaScript). */
export function AggregationForm({
  values,
  errors,
  submitLabel,
  busy,
}: {
  values: AggregationFormFields;
  errors: FieldErrors;
  submitLabel: string;
  busy: boolean;
}) {
  return (
    <Form method="post" className="cd-form" noValidate>
      <ErrorSummary errors={errors} fieldIds={FIELD_IDS} />
      <input type="hidden" name="intent" value="salva" />
      <TextField id={FIELD_IDS.name} name="name" label="Nome" defaultValue={values.name} error={errors.name} required maxLength={200} />
      <SelectField id={FIELD_IDS.type} name="type" label="Tipo" options={TYPE_OPTIONS} defaultValue={values.type} error={errors.type} required />
      <TextAreaField
        id={FIELD_IDS.members}
        name="members"
        label="Comuni aderenti"
        rows={8}
        defaultValue={values.members}
        error={errors.members}
        hint="Un comune per riga, con il codice ISTAT a sei cifre all'inizio della riga (es. «016024 Bergamo»): il resto della riga è ignorato."
      />
      <TextField
        id={FIELD_IDS.leadIstat}
        name="leadIstat"
        label="Codice ISTAT del comune capofila"
        defaultValue={values.leadIstat}
        error={errors.leadIstat}
        inputMode="numeric"
        maxLength={6}
        hint="Facoltativo; deve essere tra i comuni aderenti."
      />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Salvataggio in corso…" : submitLabel}
      </button>
    </Form>
  );
}
