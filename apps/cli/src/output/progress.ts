/** The scan progress bar on stderr: hosts done/total, open ports, probe rate, ETA. */
import cliProgress from 'cli-progress';
import type { ScanProgress } from '@farsight/scanner/scan/run-scan';

/** A running progress display. */
export interface ProgressDisplay {
  update: (p: ScanProgress) => void;
  log: (line: string) => void;
  stop: () => void;
}

/** Starts a progress bar; without a TTY it prints a plain line every few seconds instead. */
export function startProgress(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const bar = new cliProgress.SingleBar({
    stream,
    format: 'scanning [{bar}] {value}/{total} hosts | {up} up | {open} open ports | {rate} probes/s | ETA {eta_formatted}',
    barsize: 24,
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      const payload = { up: p.hostsUp, open: p.openPorts, rate: p.probesPerSecond };
      if (!started) { bar.start(Math.max(1, p.hostsTotal), p.hostsDone, payload); started = true; }
      else bar.update(p.hostsDone, payload);
    },
    log(line) {
      if (started && !stopped && stream.isTTY) { stream.clearLine(0); stream.cursorTo(0); }
      stream.write(`${line}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
    },
  };
}
