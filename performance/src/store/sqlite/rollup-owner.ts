import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';

export interface RollupOwnership {
  /** This store may buffer coarse deltas and recover a dead owner's; otherwise it writes through. */
  readonly owner: boolean;
  /** Marks the owner alive (called on every flush). */
  refresh(): void;
  release(): void;
}

export interface ClaimOptions {
  /** A lock not refreshed for this long belongs to a dead (or hung) owner, whatever its pid, unix ms. */
  staleAfterMs: number;
  nowMs?: () => number;
}

/**
 * Who may buffer coarse-tier deltas for a database file: `<db>-rollup.lock` holds the owner's pid. Buffering is
 * only sound for one store per file: crash recovery merges every pending part into the coarse rows, which would
 * double-count a live owner's buffer. So a store opening a file whose lock names a live process (another store in
 * this process, or another process) writes through instead; a lock whose process is gone, or that has not been
 * refreshed for `staleAfterMs`, is taken over and the store recovers what its owner left pending.
 */
export function claimRollupOwnership(path: string, { staleAfterMs, nowMs = Date.now }: ClaimOptions): RollupOwnership {
  if (path === ':memory:') return { owner: true, refresh() {}, release() {} };
  const lockPath = `${path}-rollup.lock`;
  const take = (): RollupOwnership => {
    writeFileSync(lockPath, String(process.pid));
    let held = true;
    return {
      owner: true,
      refresh() {
        if (!held) return;
        const now = new Date(nowMs());
        utimesSync(lockPath, now, now);
      },
      release() {
        if (held) rmSync(lockPath, { force: true });
        held = false;
      },
    };
  };
  try {
    closeSync(openSync(lockPath, 'wx'));
    return take();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const pid = Number(readFileSync(lockPath, 'utf8'));
  const fresh = nowMs() - statSync(lockPath).mtimeMs < staleAfterMs;
  if (fresh && (pid === process.pid || isAlive(pid))) return { owner: false, refresh() {}, release() {} };
  return take();
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
