import type { Role } from "~db/schema/auth";
import { ROLE_LABELS, ROLE_LIST } from "~/auth/permissions";

/** Role select and comuni field of the admin forms. */
export function RoleFields({
  role,
  comuni,
  errors,
}: {
  role?: Role;
  comuni?: string;
  errors?: Record<string, string>;
}) {
  return (
    <>
      <div className="form-group">
        <label htmlFor="role">Ruolo</label>
        <select id="role" name="role" className="form-select" defaultValue={role ?? "rtd"} aria-describedby={errors?.role ? "role-errore" : undefined}>
          {ROLE_LIST.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        {errors?.role ? (
          <div id="role-errore" className="invalid-feedback d-block">
            {errors.role}
          </div>
        ) : null}
      </div>
      <div className="form-group">
        <label htmlFor="comuni">Comuni (solo per gli RTD)</label>
        <textarea
          id="comuni"
          name="comuni"
          className={`form-control${errors?.comuni ? " is-invalid" : ""}`}
          rows={3}
          defaultValue={comuni ?? ""}
          aria-describedby={`comuni-aiuto${errors?.comuni ? " comuni-errore" : ""}`}
        />
        <small id="comuni-aiuto" className="form-text">
          Codici ISTAT o nomi dei comuni, separati da virgola (per esempio: 016024, Brembate).
        </small>
        {errors?.comuni ? (
          <div id="comuni-errore" className="invalid-feedback d-block">
            {errors.comuni}
          </div>
        ) : null}
      </div>
    </>
  );
}
