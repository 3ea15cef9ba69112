import { useState } from 'react';
import { ApiError } from '../../api/client.js';
import { RequireRole, useApi } from '../../auth/session-context.js';
import { ReasonDialog } from './ReasonDialog.js';
import type { RecommendationEvent } from './recommendation-types.js';

/** Buttons in lifecycle order; `hint` is the tooltip saying what the move does. */
export const EVENT_BUTTONS: readonly { event: RecommendationEvent; label: string; hint: string }[] = [
  { event: 'accept', label: 'Accept', hint: 'Plan to fix it (open → accepted)' },
  {
    event: 'apply',
    label: 'Mark applied',
    hint: 'The fix is live: records a marker now; validation compares latency before and after it',
  },
  { event: 'validate', label: 'Validate', hint: 'Compare latency before and after the marker now (t-test)' },
  { event: 'resolve', label: 'Resolve', hint: 'Done (validated → resolved)' },
  { event: 'dismiss', label: 'Dismiss…', hint: 'Not worth fixing; asks why' },
  {
    event: 'reopen',
    label: 'Reopen',
    hint: 'Back to open; clears the verdict and the apply marker (history keeps them)',
  },
];

/** The forward move of each state, shown as the primary button. */
const PRIMARY = new Set<RecommendationEvent>(['accept', 'apply', 'validate', 'resolve']);

export interface LifecycleActionsProps {
  id: string;
  /** `allowedEvents` of the recommendation: only these buttons show. */
  allowed: readonly RecommendationEvent[];
  /** After a move (or a stored pending validation): reload. */
  onChanged: () => void;
}

/**
 * The lifecycle moves for editors and admins. Viewers get nothing (not disabled buttons): the role comes from the
 * session, and the server checks it again.
 */
export function LifecycleActions(props: LifecycleActionsProps) {
  return (
    <RequireRole minRole="editor">
      <ActionButtons {...props} />
    </RequireRole>
  );
}

function ActionButtons({ id, allowed, onChanged }: LifecycleActionsProps) {
  const api = useApi();
  const [busy, setBusy] = useState<RecommendationEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState(false);

  const run = async (event: RecommendationEvent, body: Record<string, string> = {}) => {
    setBusy(event);
    setError(null);
    try {
      await api.post(`/api/v1/recommendations/${encodeURIComponent(id)}/${event}`, body);
      setDismissing(false);
      onChanged();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      // A pending validation is stored even though the move answered 409: show its new state.
      if (failure instanceof ApiError && failure.code === 'validation_pending') onChanged();
    } finally {
      setBusy(null);
    }
  };

  const buttons = EVENT_BUTTONS.filter((b) => allowed.includes(b.event));
  if (buttons.length === 0) return null;
  return (
    <div className="lifecycle-actions">
      <fieldset className="button-group" aria-label="Lifecycle actions">
        {buttons.map((b, i) => (
          <button
            key={b.event}
            type="button"
            className={`button button--small${PRIMARY.has(b.event) && i === 0 ? ' button--primary' : ''}`}
            title={b.hint}
            disabled={busy !== null}
            onClick={() => (b.event === 'dismiss' ? setDismissing(true) : void run(b.event))}
          >
            {busy === b.event ? `${b.label.replace('…', '')}…` : b.label}
          </button>
        ))}
      </fieldset>
      {error !== null && !dismissing && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {dismissing && (
        <ReasonDialog
          title="Dismiss this recommendation"
          description="It stays in the list as dismissed and is not reopened when detected again. Reopen it any time."
          confirmLabel="Dismiss"
          busy={busy !== null}
          error={error}
          onConfirm={(reason) => void run('dismiss', { reason })}
          onCancel={() => {
            setDismissing(false);
            setError(null);
          }}
        />
      )}
    </div>
  );
}
