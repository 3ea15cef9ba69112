import type { RollupBlocks } from './rollup-blocks.js';

/**
 * Builds rollup blocks in the background: every `intervalMillis`, steps of ~20 ms while ~50 ms allow; while work is
 * left (after an upgrade, backfilling a data dir's history) the next tick comes after 100 ms. A failed step is
 * retried next tick (blocks are an optimisation; reads stay exact without them).
 */
export function createBlockBuilder(
  blocks: () => RollupBlocks | null,
  { nowMs, intervalMillis }: { nowMs: () => number; intervalMillis: number },
) {
  let timer: NodeJS.Timeout | null = null;
  let stopped = intervalMillis <= 0;
  const tick = () => {
    let more = false;
    try {
      const deadline = performance.now() + 50;
      do more = blocks()?.buildStep(nowMs()) === true;
      while (more && performance.now() < deadline);
    } catch {
      more = false;
    }
    if (!stopped) {
      timer = setTimeout(tick, more ? 100 : intervalMillis);
      timer.unref();
    }
  };
  if (!stopped) {
    timer = setTimeout(tick, intervalMillis);
    timer.unref();
  }
  return {
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      stopped = true;
    },
  };
}
