/**
 * The loop shared by the in-process workers (mail, matching): a round every `intervalMs` and one
 * as soon as possible after a kick; rounds never overlap — a kick during a round makes that
 * round go once more. A round starts after the current request or tick (setImmediate): the
 * matching work is synchronous and holds the event loop while it runs.
 */
export interface RoundLoop {
  kick(): void;
  /** Stops the timer and waits for the round in progress, if any. */
  stop(): Promise<void>;
}

export function startRounds(options: {
  intervalMs: number;
  /** One unit of work; true when there is more to do at once. */
  work: () => boolean | Promise<boolean>;
  onError: (error: unknown) => void;
  /** Receives the kick function (for the notify* functions of requests), and undefined at stop. */
  register: (kick: (() => void) | undefined) => void;
}): RoundLoop {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const round = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      try {
        let more: boolean;
        do {
          again = false;
          more = await options.work();
        } while ((again || more) && !stopped);
      } catch (error) {
        options.onError(error);
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(round, options.intervalMs);
  timer.unref();
  options.register(round);
  round();
  return {
    kick: round,
    async stop() {
      stopped = true;
      clearInterval(timer);
      options.register(undefined);
      await running;
    },
  };
}
