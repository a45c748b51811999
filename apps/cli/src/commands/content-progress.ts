/** A byte-count progress bar on stderr for `content update` and `content import` (cli-progress, works without a TTY). */
import cliProgress from 'cli-progress';

/** A running byte progress display. */
export interface ByteProgress {
  update: (label: string, done: number, total: number | undefined) => void;
  stop: () => void;
}

const mib = (n: number): string => (n / 1048576).toFixed(1);

/** Transfers smaller than this show no bar (it would flash and vanish). */
export const PROGRESS_MIN_BYTES = 4 * 1048576;

/** Starts a bar; `enabled` false gives a no-op display (--json, --no-progress). */
export function startByteProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ByteProgress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({
    stream,
    format: '{label} [{bar}] {done}/{all} MiB',
    barsize: 24,
    hideCursor: true,
    fps: 5,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  return {
    update(label, done, total) {
      if (stopped || (!started && (total ?? done) < PROGRESS_MIN_BYTES)) return;
      const all = Math.max(1, total ?? done);
      const payload = { label, done: mib(done), all: total === undefined ? '?' : mib(all) };
      if (!started) { bar.start(all, done, payload); started = true; } else { bar.setTotal(all); bar.update(done, payload); }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
    },
  };
}
