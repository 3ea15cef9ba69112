import type { Finding } from './recommendation.js';

export type PriorityLabel = 'high' | 'medium' | 'low';

/**
 * Cut-offs on priority = msSavedPerMinute (impact per request × affected requests per minute), in ms of request
 * time saved per minute. 6,000 ms/min is 100 ms every second: a tenth of a request slot kept busy for nothing
 * around the clock. Example: 20 ms saved on 300 requests/min = 6,000 → high; 5 ms × 120/min = 600 → medium.
 */
export const PRIORITY_CUTOFFS_MS_PER_MINUTE = { high: 6_000, medium: 600 } as const;

/** The ranking number: ms saved per minute. */
export function priorityOf({ impact }: Pick<Finding, 'impact'>): number {
  return impact.msSavedPerMinute;
}

export function priorityLabel(priority: number): PriorityLabel {
  if (priority >= PRIORITY_CUTOFFS_MS_PER_MINUTE.high) return 'high';
  if (priority >= PRIORITY_CUTOFFS_MS_PER_MINUTE.medium) return 'medium';
  return 'low';
}
