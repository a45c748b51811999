/** The engine's log: one line per event on stderr, prefixed with the time and level (stdout stays for command output). */

/** A minimal logger. */
export interface EngineLog { info(m: string): void; warn(m: string): void; error(m: string): void }

/** A logger writing `<ISO time> <level> <message>` lines to a stream (stderr by default). */
export function streamLog(write: (line: string) => void = (l) => process.stderr.write(l)): EngineLog {
  const line = (level: string, m: string): void => write(`${new Date().toISOString()} ${level} ${m.replace(/[\r\n]+/g, ' ')}\n`);
  return { info: (m) => line('info', m), warn: (m) => line('warn', m), error: (m) => line('error', m) };
}
