import type { HoneypotFields } from "~/utils/honeypot.server";

/**
 * The honeypot's inputs (see app/utils/honeypot.server.ts): the bait field is off-screen, hidden
 * from assistive technology and out of the tab order; the signed time travels as a hidden input.
 */
export function HoneypotInputs({ nameField, timeField, timeValue }: HoneypotFields) {
  return (
    <>
      <div className="cd-hp" aria-hidden="true">
        <label htmlFor={`hp-${nameField}`}>Non compilare questo campo</label>
        <input id={`hp-${nameField}`} name={nameField} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <input type="hidden" name={timeField} value={timeValue} />
    </>
  );
}
