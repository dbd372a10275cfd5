import type { RunReject } from "~db/schema/runs";

export type { RunReject };

export interface ParsedRecord<T> {
  /** 1-based line in the input file. */
  line: number;
  value: T;
}

export interface ParseResult<T> {
  records: ParsedRecord<T>[];
  rejects: RunReject[];
  /** Rows read from the input (header excluded). */
  read: number;
}
