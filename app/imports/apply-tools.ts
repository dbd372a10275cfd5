/**
 * Within one file, the first line that used each natural key: a later row with the same key is
 * rejected as "ripetuta … della riga N" instead of silently overwriting the first.
 */
export class FirstLines {
  private readonly seen = new Map<string, number>();

  /** Records `key` at `line` and returns undefined, or returns the earlier line of that key. */
  earlier(key: string, line: number): number | undefined {
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, line);
    return first;
  }
}

export type Outcome = "created" | "updated" | "unchanged";

/** The run summary's nuovi / aggiornati / invariati. */
export class Tally {
  created = 0;
  updated = 0;
  unchanged = 0;

  count(outcome: Outcome): void {
    this[outcome]++;
  }

  get written(): number {
    return this.created + this.updated + this.unchanged;
  }
}
