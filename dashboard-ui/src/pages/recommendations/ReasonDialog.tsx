import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';

/**
 * A small modal asking why (dismissing needs a reason; the history keeps it). Escape or Cancel closes it; the
 * reason is required and at most 1,000 characters, as the API checks.
 */
export function ReasonDialog({
  title,
  description,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  title: string;
  description: string;
  confirmLabel: string;
  busy: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const descriptionId = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') return setMissing(true);
    onConfirm(reason.trim());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
    }
  };
  const message = missing ? 'Reason: say why, e.g. "the query runs once a day"' : error;
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onKeyDown={onKeyDown}
      >
        <form onSubmit={submit} noValidate>
          <h2 id={titleId} className="modal-title">
            {title}
          </h2>
          <p id={descriptionId} className="modal-text">
            {description}
          </p>
          <label className="field">
            <span className="field-label">Reason</span>
            <textarea
              className="input textarea"
              // biome-ignore lint/a11y/noAutofocus: the dialog opened on request; its one field takes the focus
              autoFocus
              rows={3}
              maxLength={1000}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setMissing(false);
              }}
            />
          </label>
          {message !== null && (
            <p className="form-error" role="alert">
              {message}
            </p>
          )}
          <div className="modal-actions">
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
