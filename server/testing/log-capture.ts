// A logger whose JSON lines a test can read (boot(..., { log })).
import pino from "pino";
import type { Logger } from "../kernel/logger.ts";

export interface CapturedLog {
  log: Logger;
  /** Every line logged so far, parsed. */
  lines: Record<string, unknown>[];
  /** Lines whose text contains `needle` (msg or any field). */
  find(needle: string): Record<string, unknown>[];
}

export function captureLogger(level = "info"): CapturedLog {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level, base: { test: true } }, { write: (s: string) => void (raw.push(s), lines.push(JSON.parse(s) as Record<string, unknown>)) });
  return { log, lines, find: (needle) => lines.filter((_, i) => raw[i]!.includes(needle)) };
}
