import { Form } from "@remix-run/react";
import { SCHEDULE_EXAMPLES, type SourceSettings } from "~/domain/schedule";
import { FieldError } from "./forms";

export type SourceFormValues = SourceSettings;

/** Create/edit form of a scheduled source (works without JavaScript). */
export function SourceForm({
  values,
  errors,
  adapters,
  submitLabel,
  idPrefix,
}: {
  values: SourceFormValues;
  errors: Partial<Record<keyof SourceFormValues, string>>;
  adapters: { source: string; label: string }[];
  submitLabel: string;
  idPrefix: string;
}) {
  const id = (f: string) => `${idPrefix}-${f}`;
  const describe = (f: keyof SourceFormValues) => (errors[f] ? { "aria-invalid": true, "aria-describedby": id(`errore-${f}`) } : {});
  return (
    <Form method="post" className="cd-form">
      <input type="hidden" name="intent" value="save" />
      <div className="form-group">
        <label htmlFor={id("name")}>Nome della fonte</label>
        <input id={id("name")} name="name" className="form-control" defaultValue={values.name} required maxLength={120} {...describe("name")} />
        <FieldError id={id("errore-name")} message={errors.name} />
      </div>
      <div className="form-group">
        <label htmlFor={id("adapter")}>Formato</label>
        <select id={id("adapter")} name="adapter" className="form-select" defaultValue={values.adapter} {...describe("adapter")}>
          {adapters.map((a) => (
            <option key={a.source} value={a.source}>
              {a.label} ({a.source})
            </option>
          ))}
        </select>
        <FieldError id={id("errore-adapter")} message={errors.adapter} />
      </div>
      <div className="form-group">
        <label htmlFor={id("url")}>Indirizzo da scaricare</label>
        <input id={id("url")} name="url" type="url" className="form-control" defaultValue={values.url} required {...describe("url")} />
        <FieldError id={id("errore-url")} message={errors.url} />
      </div>
      <div className="form-group">
        <label htmlFor={id("schedule")}>Quando (ora di Roma), ad esempio {SCHEDULE_EXAMPLES.join("; ")}</label>
        <input id={id("schedule")} name="schedule" className="form-control" defaultValue={values.schedule} required {...describe("schedule")} />
        <FieldError id={id("errore-schedule")} message={errors.schedule} />
      </div>
      <div className="form-check">
        <input id={id("enabled")} name="enabled" type="checkbox" defaultChecked={values.enabled} />
        <label htmlFor={id("enabled")}>Attiva</label>
      </div>
      <div className="form-check mb-3">
        <input id={id("publish")} name="publish" type="checkbox" defaultChecked={values.publish} />
        <label htmlFor={id("publish")}>Pubblica subito i bandi nuovi (fonte affidabile)</label>
      </div>
      <button type="submit" className="btn btn-primary">
        {submitLabel}
      </button>
    </Form>
  );
}
