/** What every benchmark module receives and returns. */
export interface BenchOptions {
  /** Progress lines (to stderr, so `--json` keeps stdout clean). */
  log: (line: string) => void;
  /** Number of generated calls, when the benchmark generates calls. */
  calls?: number;
  seed?: number;
}

/** Named figures: dataset sizes, timings (seconds or ms, as the name says), memory. */
export type Figures = Record<string, number | string>;

export interface BenchModule {
  run(options: BenchOptions): Promise<Figures>;
}
