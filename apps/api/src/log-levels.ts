import { LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL and every level above it. */
export function logLevels(level: string): LogLevel[] {
  return LEVELS.slice(0, Math.max(1, LEVELS.indexOf(level as LogLevel) + 1));
}
