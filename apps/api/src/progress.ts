import type { RebuildProgress } from '@app/platform';

/** A progress bar with the rate and the time left, redrawn in place on a terminal; a line now and then otherwise. */
export function progressReporter(out: NodeJS.WriteStream, now: () => number = Date.now) {
  let lastLine = -Infinity;
  return (p: RebuildProgress) => {
    const total = Math.max(p.head, 1);
    const share = Math.min(p.position / total, 1);
    const left = p.eventsPerSecond > 0 ? Math.max(p.head - p.position, 0) / p.eventsPerSecond : 0;
    const figures = `${p.position.toLocaleString('en')}/${p.head.toLocaleString('en')} events  ${p.eventsPerSecond.toLocaleString('en')} ev/s`;
    if (out.isTTY) {
      const width = 30;
      const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
      const tail =
        p.phase === 'building' ? `ETA ${Math.ceil(left)} s` : p.phase === 'switching' ? 'switching' : 'done';
      out.write(
        `\r${p.projection.padEnd(16)} [${bar}] ${String(Math.floor(share * 100)).padStart(3)}%  ${figures}  ${tail}\x1b[K`,
      );
      if (p.phase === 'done') out.write('\n');
      return;
    }
    if (p.phase === 'building' && now() - lastLine < 2_000) return;
    lastLine = now();
    const tail = p.phase === 'building' ? `, about ${Math.ceil(left)} s left` : '';
    out.write(`${p.projection}: ${p.phase} ${Math.floor(share * 100)}% (${figures}${tail})\n`);
  };
}
