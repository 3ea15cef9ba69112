import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  IllegalTransitionError,
  RECOMMENDATION_EVENTS,
  type RecommendationEvent,
  TransitionInputError,
  transition,
} from './lifecycle.js';
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from './recommendation.js';
import type { RecommendationRecord } from './records.js';
import { createRecord } from './upsert.js';

const T0 = 1_735_689_600_000;

function recordIn(status: RecommendationStatus): RecommendationRecord {
  const { record } = createRecord(
    {
      kind: 'slow-query',
      service: 'shop',
      route: 'GET /orders',
      key: 'SELECT 1',
      title: 'slow',
      evidence: { exampleTraceIds: [] },
      impact: { msSavedPerRequest: 10, msSavedPerMinute: 100 },
      fix: { text: 'add an index', code: 'CREATE INDEX …', language: 'sql' },
    },
    'rec-1',
    T0,
  );
  return { ...record, status };
}

/** Every (state, event) pair: the state it leads to, or null where the move is illegal. */
const TABLE: Record<RecommendationStatus, Record<RecommendationEvent, RecommendationStatus | null>> = {
  open: { accept: 'accepted', apply: null, validate: null, resolve: null, dismiss: 'dismissed', reopen: null },
  accepted: { accept: null, apply: 'applied', validate: null, resolve: null, dismiss: 'dismissed', reopen: 'open' },
  applied: { accept: null, apply: null, validate: 'validated', resolve: null, dismiss: 'dismissed', reopen: 'open' },
  validated: {
    accept: null,
    apply: null,
    validate: 'validated',
    resolve: 'resolved',
    dismiss: 'dismissed',
    reopen: 'open',
  },
  resolved: { accept: null, apply: null, validate: null, resolve: null, dismiss: null, reopen: 'open' },
  dismissed: { accept: null, apply: null, validate: null, resolve: null, dismiss: null, reopen: 'open' },
};

describe('transition', () => {
  const cases = RECOMMENDATION_STATUSES.flatMap((from) =>
    RECOMMENDATION_EVENTS.map((event) => ({ from, event, to: TABLE[from][event] })),
  );

  it.each(cases)('$from --$event--> $to', ({ from, event, to }) => {
    const record = recordIn(from);
    const input = { event, actor: 'alice', nowMs: T0 + 1_000, reason: 'because' };
    if (to === null) {
      expect(() => transition(record, input)).toThrow(IllegalTransitionError);
      try {
        transition(record, input);
      } catch (err) {
        const e = err as IllegalTransitionError;
        expect(e.statusCode).toBe(409);
        expect(e.code).toBe('illegal_transition');
        expect(e.message).toContain(`that is ${from}`);
      }
      return;
    }
    const { record: next, entry } = transition(record, input);
    expect(next.status).toBe(to);
    expect(next.revision).toBe(record.revision + 1);
    expect(entry).toEqual({
      recommendationId: 'rec-1',
      at: T0 + 1_000,
      actor: 'alice',
      type: 'status',
      from,
      to,
      reason: 'because',
    });
    expect(record.status).toBe(from); // pure: the input is not changed
  });

  it('names the needed states in the error', () => {
    expect(() => transition(recordIn('open'), { event: 'apply', actor: 'a', nowMs: T0 })).toThrow(
      'cannot apply a recommendation that is open: apply moves accepted → applied',
    );
  });

  it('sets the entered state timestamp and keeps the earlier ones', () => {
    let r = recordIn('open');
    r = transition(r, { event: 'accept', actor: 'a', nowMs: T0 + 1 }).record;
    r = transition(r, { event: 'apply', actor: 'a', nowMs: T0 + 2 }).record;
    expect([r.acceptedAt, r.appliedAt, r.resolvedAt]).toEqual([T0 + 1, T0 + 2, null]);
  });

  it('requires a reason to dismiss, and keeps it', () => {
    expect(() => transition(recordIn('open'), { event: 'dismiss', actor: 'a', nowMs: T0, reason: '  ' })).toThrow(
      TransitionInputError,
    );
    const { record } = transition(recordIn('open'), { event: 'dismiss', actor: 'a', nowMs: T0, reason: 'batch job' });
    expect([record.status, record.dismissReason, record.dismissedAt]).toEqual(['dismissed', 'batch job', T0]);
  });

  it('reopen clears the dismissal and the old verdict', () => {
    const dismissed = { ...recordIn('dismissed'), dismissReason: 'x', appliedMarkerId: 'm1' };
    const { record, entry } = transition(dismissed, { event: 'reopen', actor: 'a', nowMs: T0 });
    expect([record.dismissReason, record.validation, record.appliedMarkerId]).toEqual([null, null, null]);
    expect(entry.reason).toBe('reopen');
  });

  it('lists the allowed events per state consistently with the table', () => {
    for (const status of RECOMMENDATION_STATUSES) {
      const expected = RECOMMENDATION_EVENTS.filter((e) => TABLE[status][e] !== null);
      expect(allowedEvents(status), status).toEqual(expected);
    }
  });
});
