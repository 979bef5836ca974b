import { Logger } from '@nestjs/common';

/**
 * One line when the process stops, with the reason: SIGTERM or SIGINT (then `stop` runs, and the exit
 * code is 0 if it completes), or an error nothing caught (exit code 1, its stack on the line).
 */
export function stopOnSignals(stop: (reason: string) => Promise<void>, logger = new Logger('Main')): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const since = Date.now();
    logger.log({ msg: `stopping: ${signal}`, event: 'stopping', reason: signal });
    stop(signal).then(
      () => {
        logger.log({
          msg: `stopped: ${signal}, after ${Math.round(process.uptime())} s up`,
          event: 'stopped',
          reason: signal,
          stopMs: Date.now() - since,
          uptimeSeconds: Math.round(process.uptime()),
        });
        process.exit(0);
      },
      (error: Error) => {
        logger.fatal({
          msg: `stopped: ${signal}, and the stop failed`,
          event: 'stopped',
          reason: signal,
          err: error,
        });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.on('uncaughtException', (error) => {
    logger.fatal({
      msg: `stopped: uncaught error: ${error.message}`,
      event: 'stopped',
      reason: 'uncaught error',
      err: error,
    });
    process.exit(1);
  });
}
