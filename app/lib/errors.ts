/**
 * The project's own error for bad input: every parser throws this (never a raw TypeError),
 * carrying what an operator needs to find the problem (file, line, field) and an Italian
 * message fit for users.
 */
export class InputError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;

  constructor(message: string, where: { file?: string; line?: number; field?: string } = {}) {
    super(message);
    this.name = "InputError";
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }

  /** `file:line field: message`, for logs and the CLI. */
  describe(): string {
    const place = [this.file, this.line !== undefined ? String(this.line) : undefined].filter(Boolean).join(":");
    const field = this.field ? ` [${this.field}]` : "";
    return `${place ? `${place}${field}: ` : field ? `${field.trim()}: ` : ""}${this.message}`;
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
