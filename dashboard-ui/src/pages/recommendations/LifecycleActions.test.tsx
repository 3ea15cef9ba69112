import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../api/types.js';
import { SessionProvider } from '../../auth/session-context.js';
import { fakeFetch } from '../../testing/fake-fetch.js';
import { LifecycleActions } from './LifecycleActions.js';
import type { RecommendationEvent } from './recommendation-types.js';

const ALL: RecommendationEvent[] = ['accept', 'apply', 'validate', 'resolve', 'dismiss', 'reopen'];

function renderAs(role: Role, allowed: RecommendationEvent[], fetchImpl: typeof fetch, onChanged = vi.fn()) {
  sessionStorage.setItem('stride.session', JSON.stringify({ token: 't0k', name: 'someone', role }));
  render(
    <SessionProvider storage={sessionStorage} fetchImpl={fetchImpl}>
      <LifecycleActions id="rec/1" allowed={allowed} onChanged={onChanged} />
    </SessionProvider>,
  );
  return onChanged;
}

describe('LifecycleActions (edit controls)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(cleanup);

  it('shows viewers no buttons at all, whatever the record allows', () => {
    renderAs('viewer', ALL, fakeFetch().fetch);
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.queryByRole('group', { name: 'Lifecycle actions' })).toBeNull();
  });

  it('shows editors and admins only the moves allowed from the current status, in lifecycle order', () => {
    renderAs('editor', ['dismiss', 'accept'], fakeFetch().fetch);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Accept', 'Dismiss…']);
    cleanup();
    renderAs('admin', ['reopen'], fakeFetch().fetch);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Reopen']);
  });

  it('posts a move to the record (id encoded) and reloads', async () => {
    const api = fakeFetch({ '/api/v1/recommendations/rec%2F1/accept': { body: { id: 'rec/1', status: 'accepted' } } });
    const onChanged = renderAs('editor', ['accept', 'dismiss'], api.fetch);
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(api.calls.map((c) => c.url.pathname)).toEqual(['/api/v1/recommendations/rec%2F1/accept']);
    expect(api.calls[0]?.authorization).toBe('Bearer t0k');
  });

  it('asks why before dismissing, and sends the reason', async () => {
    let body: unknown = null;
    const answers = fakeFetch();
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      body = JSON.parse(String(init?.body ?? 'null'));
      return answers.fetch(input, init);
    }) as typeof fetch;
    answers.routes.set('/api/v1/recommendations/rec%2F1/dismiss', { body: { status: 'dismissed' } });
    const onChanged = renderAs('editor', ['accept', 'dismiss'], fetchImpl);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss…' }));
    const dialog = screen.getByRole('dialog', { name: 'Dismiss this recommendation' });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^Reason: /);
    expect(answers.calls).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: '  runs once a day  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(body).toEqual({ reason: 'runs once a day' });
    expect(dialog.isConnected).toBe(false);
  });

  it('closes the dialog on Escape without posting', () => {
    const api = fakeFetch();
    renderAs('editor', ['dismiss'], api.fetch);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss…' }));
    fireEvent.keyDown(screen.getByLabelText('Reason'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.calls).toHaveLength(0);
  });

  it("shows the server's message when a move fails, and reloads when a validation was stored as pending", async () => {
    const api = fakeFetch({
      '/api/v1/recommendations/rec%2F1/validate': {
        status: 409,
        body: { error: { code: 'validation_pending', message: 'only 4 of 10 minutes after the marker have data' } },
      },
    });
    const onChanged = renderAs('editor', ['validate', 'dismiss'], api.fetch);
    fireEvent.click(screen.getByRole('button', { name: 'Validate' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('only 4 of 10 minutes'));
    expect(onChanged).toHaveBeenCalledTimes(1);
  });
});
