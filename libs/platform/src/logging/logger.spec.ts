import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { withLogContext } from './log-context';
import { LogFormat, PinoLoggerService, createLogger, prettyLogs } from './logger';
import { LOG_LEVELS } from '../config/config-schema';

/** A destination that keeps what is written, as a file or a terminal would receive it. */
function capture(isTTY = false) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

function service(level: (typeof LOG_LEVELS)[number], format: LogFormat = 'json', isTTY = false) {
  const out = capture(isTTY);
  const logger = new PinoLoggerService(createLogger({ level, format, role: 'api', destination: out.stream }));
  return { logger, out };
}

describe('the logger', () => {
  it('writes one JSON object per line with the level by name, the time, the process and the context', () => {
    const { logger, out } = service('log');
    logger.log('projections started', 'Projections');
    const [line] = out.lines().map((l) => JSON.parse(l));
    expect(line).toMatchObject({
      level: 'info',
      role: 'api',
      context: 'Projections',
      msg: 'projections started',
    });
    expect(typeof line.pid).toBe('number');
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it('puts the correlation id, the user and the position of the work in progress on every line', async () => {
    const { logger, out } = service('log');
    await withLogContext({ correlationId: 'corr-1', userId: 'user-1' }, async () => {
      logger.log('before');
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.warn('after a timer', 'Orders');
    });
    logger.log('outside');
    const lines = out.lines().map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.msg, l.correlationId, l.userId])).toEqual([
      ['before', 'corr-1', 'user-1'],
      ['after a timer', 'corr-1', 'user-1'],
      ['outside', undefined, undefined],
    ]);
  });

  it('honours LOG_LEVEL in Nest names: warn drops log and debug, verbose keeps everything', () => {
    const quiet = service('warn');
    quiet.logger.log('info line');
    quiet.logger.debug('debug line');
    quiet.logger.warn('warn line');
    quiet.logger.error('error line');
    expect(quiet.out.lines().map((l) => JSON.parse(l).level)).toEqual(['warn', 'error']);
    const loud = service('verbose');
    loud.logger.verbose('trace line');
    loud.logger.debug('debug line');
    expect(loud.out.lines().map((l) => JSON.parse(l).level)).toEqual(['trace', 'debug']);
  });

  it("keeps an error's stack and the fields of an object message", () => {
    const { logger, out } = service('log');
    const failure = new Error('disk full');
    logger.error('batch failed', failure.stack, 'Projection:orders');
    logger.error(failure, 'Outbox');
    logger.log({ msg: 'command handled', command: 'ConfirmOrder', durationMs: 3.2 }, 'Commands');
    const [first, second, third] = out.lines().map((l) => JSON.parse(l));
    expect(first).toMatchObject({ msg: 'batch failed', context: 'Projection:orders' });
    expect(first.stack).toContain('Error: disk full');
    expect(second).toMatchObject({ msg: 'disk full', context: 'Outbox', err: { message: 'disk full' } });
    expect(third).toMatchObject({ msg: 'command handled', command: 'ConfirmOrder', durationMs: 3.2 });
  });

  it('never writes a password or an authorization header given by mistake', () => {
    const { logger, out } = service('log');
    logger.log({ msg: 'login', password: 'demo1234', headers: { authorization: 'Bearer abc' } });
    expect(out.text()).not.toContain('demo1234');
    expect(out.text()).not.toContain('Bearer abc');
  });

  it('is pretty on a terminal, JSON in a file or a pipe, and pretty into a file has no colour codes', () => {
    expect(prettyLogs('auto', { isTTY: true })).toBe(true);
    expect(prettyLogs('auto', { isTTY: false })).toBe(false);
    expect(prettyLogs('auto', {})).toBe(false);
    expect(prettyLogs('json', { isTTY: true })).toBe(false);
    expect(prettyLogs('pretty', {})).toBe(true);

    const terminal = service('log', 'auto', true);
    terminal.logger.log('started', 'Main');
    expect(terminal.out.text()).toMatch(/INFO.*\[Main\] started/);
    expect(terminal.out.text()).toContain('\x1b[');

    const file = service('log', 'pretty', false);
    file.logger.log('started', 'Main');
    expect(file.out.text()).toMatch(/INFO: \[Main\] started/);
    expect(file.out.text()).not.toContain('\x1b');
    expect(() => JSON.parse(file.out.lines()[0])).toThrow();
  });
});
