// CPU time read from /proc (Linux): of headless Chromium's renderer processes by thread name (how
// many cores a page and its workers keep busy), and of the processes working in a folder (an
// MLflow server and its workers). Elsewhere it reads nothing (null).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

function rendererPids() {
  try {
    return execFileSync('pgrep', ['-f', '--', '--type=renderer']).toString().trim().split('\n');
  } catch {
    return [];
  }
}

/** Seconds of CPU per thread name ("DedicatedWorker", "ThreadPoolForeg"…), summed; null off Linux. */
export function rendererCpu() {
  if (!existsSync('/proc/self/task')) return null;
  const byName = {};
  for (const pid of rendererPids()) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime and stime: fields 14 and 15 of stat, 11 and 12 after the name.
        const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
        const key = `${tid} ${name}`;
        byName[key] = seconds;
      } catch {
        // a thread that ended between the listing and the read
      }
    }
  }
  return byName;
}

/**
 * CPU seconds each kind of thread spent between two readings (threads that started and ended in
 * between are missed; a worker lives for the whole study), grouped as the report names them.
 */
export function cpuBetween(before, after) {
  if (!before || !after) return null;
  const out = { workers: 0, v8Background: 0, page: 0, other: 0 };
  for (const [key, seconds] of Object.entries(after)) {
    const spent = seconds - (before[key] ?? 0);
    const name = key.slice(key.indexOf(' ') + 1);
    if (name.startsWith('DedicatedWorker')) out.workers += spent;
    else if (name.startsWith('ThreadPool')) out.v8Background += spent;
    else if (name === 'chromium' || name === 'chrome') out.page += spent;
    else out.other += spent;
  }
  return out;
}

/**
 * CPU seconds used so far by the processes whose working folder is `dir`: the server, its
 * workers and its job consumers (scripts/mlflow-server.js starts them there). Null off Linux.
 */
export function cpuSecondsIn(dir) {
  if (process.platform !== 'linux') return null;
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After "pid (comm) ": state, …; utime and stime are fields 14 and 15, in clock ticks.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * Waits until the server is idle: MLflow 3's server starts job consumers (huey) that import
 * MLflow for 10–30 s after /health answers, which on a small machine slows whoever runs first.
 * Idle is under 0.1 CPU-second in 2 s; gives up after 120 s. Resolves to the seconds waited.
 */
export async function serverSettled(dir) {
  const t = Date.now();
  const real = realpathSync(dir);
  let last = cpuSecondsIn(real);
  if (last === null) return null;
  while (Date.now() - t < 120_000) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = cpuSecondsIn(real);
    if (now - last < 0.1) break;
    last = now;
  }
  return (Date.now() - t) / 1000;
}
