import { type FormEvent, useState } from 'react';
import { RequireRole, useApi } from '../../auth/session-context.js';

/**
 * "Add marker" for editors and admins: a manual note (a config change, a load test starting) drawn on the latency
 * chart like a deploy. Viewers never see it; the server checks the role again.
 */
export function AddMarker({ service, onAdded }: { service: string; onAdded: () => void }) {
  return (
    <RequireRole minRole="editor">
      <AddMarkerForm service={service} onAdded={onAdded} />
    </RequireRole>
  );
}

function AddMarkerForm({ service, onAdded }: { service: string; onAdded: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" className="button button--small" onClick={() => setOpen(true)}>
        Add marker
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (label.trim() === '') return setError('Label: say what happened, e.g. "pool size 10 → 20"');
    setBusy(true);
    try {
      await api.post('/api/v1/markers', { service, label: label.trim(), kind: 'manual' });
      setOpen(false);
      setLabel('');
      setError(null);
      onAdded();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <input
        className="input"
        aria-label="Marker label"
        placeholder="What changed?"
        value={label}
        maxLength={200}
        onChange={(e) => setLabel(e.target.value)}
      />
      <button type="submit" className="button button--small button--primary" disabled={busy}>
        Add
      </button>
      <button type="button" className="button button--small" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
