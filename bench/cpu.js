// CPU time per part of a run, read from /proc (Linux): a process's user + system time over all its threads,
// and PostgreSQL's as the sum over its server processes plus what its ended backends left to the postmaster.
const { readdirSync, readFileSync } = require('node:fs');
const { execFileSync } = require('node:child_process');

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime, stime, cutime, cstime of one process, in ms; null when it is gone. */
function times(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (i) => (Number(fields[i]) * 1000) / TICKS_PER_SECOND;
    return {
      comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      ppid: Number(fields[1]),
      own: ms(11) + ms(12),
      children: ms(13) + ms(14),
    };
  } catch {
    return null;
  }
}

/** CPU ms used so far by the processes `pids`. */
function processesCpuMs(pids) {
  return pids.reduce((sum, pid) => sum + (times(pid)?.own ?? 0), 0);
}

/**
 * CPU ms used so far by the PostgreSQL server on this machine (null when none runs here, e.g. a remote
 * server): every live `postgres` process, plus the postmaster's reaped children (backends that ended).
 */
function postgresCpuMs() {
  const all = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = times(entry);
    if (t && t.comm === 'postgres') all.push({ pid: Number(entry), ...t });
  }
  if (all.length === 0) return null;
  const pids = new Set(all.map((p) => p.pid));
  const postmasters = all.filter((p) => !pids.has(p.ppid));
  return all.reduce((sum, p) => sum + p.own, 0) + postmasters.reduce((sum, p) => sum + p.children, 0);
}

module.exports = { processesCpuMs, postgresCpuMs };
