import cliProgress from "cli-progress";

/**
 * A progress bar on stderr for long CLI work; silent when stderr is not a terminal (CI logs)
 * except for a final line, so logs stay readable.
 */
export function progressBar(label: string, options: { logSteps?: boolean } = {}) {
  const interactive = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let lastTotal = 0;
  let lastStep = -1;
  return {
    update(done: number, total: number) {
      lastTotal = total;
      if (!interactive) {
        // Without a terminal, optionally one line per tenth of a long input (CI logs, supervisors).
        const step = total > 0 ? Math.floor((done / total) * 10) : 0;
        if (options.logSteps && total >= 1000 && step !== lastStep && step < 10) {
          lastStep = step;
          process.stderr.write(`${label}: ${done}/${total}\n`);
        }
        return;
      }
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      if (bar) bar.stop();
      else if (lastTotal > 0) process.stderr.write(`${label}: ${lastTotal}/${lastTotal}\n`);
    },
  };
}
