import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger, LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';
import { currentLogContext } from './log-context';
import { LOG_LEVELS } from '../config/config-schema';

export type LogLevelName = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** LOG_LEVEL speaks Nest's names; pino's own are these. */
const PINO_LEVELS: Record<LogLevelName, LevelWithSilent> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface LoggerOptions {
  level: LogLevelName;
  /** auto: pretty and coloured on a terminal, one JSON object per line otherwise (a file, a pipe, a collector). */
  format: LogFormat;
  /** Bound on every line: which process wrote it. */
  role?: string;
  /** Where the lines go; standard output by default. */
  destination?: DestinationStream & { isTTY?: boolean };
}

/** Whether the lines are written for a person (a terminal) or for a machine. */
export function prettyLogs(format: LogFormat, destination: { isTTY?: boolean }): boolean {
  return format === 'pretty' || (format === 'auto' && destination.isTTY === true);
}

/**
 * The process's one pino logger. Every line carries the context of the work it was logged in
 * (correlation id, user, event position) from `withLogContext`; levels are written by name.
 */
export function createLogger(options: LoggerOptions): Logger {
  const target = options.destination ?? process.stdout;
  const human = prettyLogs(options.format, target);
  const stream: DestinationStream = human
    ? pretty({
        destination: target as NodeJS.WritableStream,
        sync: true,
        // Colours only on a terminal: a file gets plain text even when pretty is asked for.
        colorize: (target as { isTTY?: boolean }).isTTY === true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,role,context',
        messageFormat: '{if context}[{context}] {end}{msg}',
        hideObject: false,
      })
    : target === process.stdout
      ? pino.destination({ dest: 1, sync: true })
      : target;
  return pino(
    {
      level: PINO_LEVELS[options.level],
      base: { pid: process.pid, role: options.role },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const context = currentLogContext();
        return context ? { ...context } : {};
      },
      // A request's headers or a body never reach a line by accident.
      redact: { paths: ['authorization', '*.authorization', 'password', '*.password'], censor: '[redacted]' },
    },
    stream,
  );
}

/** The logger Nest's Logger writes through now (the last one created; a process has one). */
let current: Logger | null = null;

/** Whether a line at this level would be written: a hot loop asks before it builds a message. */
export function logLevelEnabled(level: LogLevelName): boolean {
  return current !== null && current.isLevelEnabled(PINO_LEVELS[level]);
}

/** Nest's Logger (and every `new Logger(context)` in the code) written through pino. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {
    current = logger;
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest's conventions: the last string is the context; on an error, a string with a stack trace is the stack. */
  private write(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    params: unknown[],
  ) {
    if (!this.logger.isLevelEnabled(level)) return;
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string' && !isStack(rest[rest.length - 1]))
      fields.context = rest.pop();
    const extra: unknown[] = [];
    for (const param of rest) {
      if (param instanceof Error) fields.err = param;
      else if (isStack(param) || (level === 'error' && typeof param === 'string')) fields.stack = param;
      else if (param !== undefined) extra.push(param);
    }
    if (extra.length > 0) fields.params = extra;
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (message !== null && typeof message === 'object') this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}

function isStack(value: unknown): value is string {
  return typeof value === 'string' && /\n\s+at /.test(value);
}
