// Memory of the browser a test drives, read from Linux /proc: the Chromium that Playwright launched is a
// child of the test's own process, so its whole process tree (browser, renderers, GPU and utility
// processes; the page's workers live in its renderer) is found from `process.pid`. Each process counts
// its proportional set size (PSS: shared pages split between the processes sharing them), so the sum
// is the memory the browser really holds, without counting shared libraries once per process.
import { readdirSync, readFileSync } from 'node:fs';

export interface MemorySampler {
  /** Stops sampling; the highest total seen and how many samples were taken. */
  stop(): { peakBytes: number; lastBytes: number; samples: number };
}

/** A /proc file's text, or undefined when its process ended between listing and reading. */
function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined;
    throw error;
  }
}

/** Parent pid of each process, from /proc/<pid>/stat (the field after the command in parentheses). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    if (stat === undefined) continue;
    map.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
  }
  return map;
}

function descendants(root: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [...(byParent.get(root) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    found.push(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return found;
}

function pssBytes(pid: number): number {
  const kb = /^Pss:\s+(\d+) kB/m.exec(readProc(`/proc/${pid}/smaps_rollup`) ?? '')?.[1];
  return kb === undefined ? 0 : Number(kb) * 1024;
}

/** Total PSS of the browser processes this test process launched. */
export function browserMemoryBytes(): number {
  return descendants(process.pid)
    .filter((pid) => /chrom/i.test(readProc(`/proc/${pid}/comm`) ?? ''))
    .reduce((sum, pid) => sum + pssBytes(pid), 0);
}

/** Samples `browserMemoryBytes()` every `intervalMs` until stopped. */
export function sampleBrowserMemory(intervalMs = 500): MemorySampler {
  let peakBytes = browserMemoryBytes();
  let lastBytes = peakBytes;
  let samples = 1;
  const timer = setInterval(() => {
    lastBytes = browserMemoryBytes();
    peakBytes = Math.max(peakBytes, lastBytes);
    samples += 1;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakBytes, lastBytes, samples };
    },
  };
}
