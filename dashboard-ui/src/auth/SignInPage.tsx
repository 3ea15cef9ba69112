import { type FormEvent, useEffect, useState } from 'react';
import { useSession } from './session-context.js';

/** Token sign-in. The token is checked against /api/v1/session before the app opens. */
export function SignInPage() {
  const { signIn, notice } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Sign in · Stride';
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (value === '') {
      setError('Enter the access token printed by `npm start` or created by an admin');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(value);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };

  const message = error ?? notice;
  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} noValidate>
        <div className="signin-brand">
          <svg width="36" height="36" viewBox="0 0 26 26" aria-hidden="true" className="brand-mark">
            <rect width="26" height="26" rx="7" />
            <path d="M6 17l4.5-5 3.5 3 6-7.5" />
          </svg>
          <h1>Sign in to Stride</h1>
        </div>
        <p className="signin-help">
          Use an API token: the admin token printed by <code>npm start</code>, or one an admin created for you.
        </p>
        <label htmlFor="access-token" className="field-label">
          Access token
        </label>
        <input
          id="access-token"
          className="input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={message ? 'signin-message' : undefined}
        />
        {message && (
          <p id="signin-message" className="form-error" role="alert">
            {message}
          </p>
        )}
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
