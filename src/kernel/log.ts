/** Structured JSON logs, one line each, for CloudWatch Logs Insights. Never pass secrets in fields. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code ? { code } : {}) };
  }
  return value;
}

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';
const RANK: Record<LogLevel, number> = { INFO: 0, WARN: 1, ERROR: 2 };

export function jsonLogger(
  write: (line: string) => void = (line) => console.log(line),
  least: LogLevel = 'INFO',
): Logger {
  const emit = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (RANK[level] < RANK[least]) return;
    const clean = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, describe(v)]));
    let line: string;
    try {
      line = JSON.stringify({ level, message, ...clean });
    } catch {
      // A field nested past the stack (a hostile payload) or circular: the line, without its fields,
      // rather than a throw that would turn a log call into a failed notification.
      line = JSON.stringify({ level, message, fields: 'could not be written', keys: Object.keys(fields) });
    }
    write(line);
  };
  return {
    info: (m, f) => emit('INFO', m, f),
    warn: (m, f) => emit('WARN', m, f),
    error: (m, f) => emit('ERROR', m, f),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
