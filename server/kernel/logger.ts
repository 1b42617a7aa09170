// Structured JSON logs (pino). Each realm process has one root logger; sessions,
// plugins and instances take child loggers carrying their ids.
import pino from "pino";

export type Logger = pino.Logger;

export interface LoggerOptions {
  level: string;
  file?: string;
  name?: string;
  /** Extra base fields (node id, realm id). */
  base?: Record<string, unknown>;
}

export function createLogger(o: LoggerOptions): Logger {
  const opts: pino.LoggerOptions = {
    level: o.level,
    base: { name: o.name ?? "realm", ...(o.base ?? {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (o.level === "silent") return pino({ ...opts, level: "silent" });
  if (o.file) {
    return pino(opts, pino.multistream([{ stream: process.stdout }, { stream: pino.destination({ dest: o.file, mkdir: true, sync: false }) }]));
  }
  return pino(opts, pino.destination({ dest: 1, sync: false }));
}

/** A logger that drops everything (tests, tools). */
export const silentLogger: Logger = pino({ level: "silent" });

/** Child logger for one client session. */
export function sessionLogger(root: Logger, session: { id: number; account?: string; ip?: string }): Logger {
  return root.child({ session: session.id, account: session.account, ip: session.ip });
}
