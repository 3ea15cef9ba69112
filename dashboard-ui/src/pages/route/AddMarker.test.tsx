import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../api/types.js';
import { SessionProvider } from '../../auth/session-context.js';
import { fakeFetch } from '../../testing/fake-fetch.js';
import { AddMarker } from './AddMarker.js';

function renderAs(role: Role, fetchImpl: typeof fetch, onAdded = vi.fn()) {
  sessionStorage.setItem('stride.session', JSON.stringify({ token: 't0k', name: 'someone', role }));
  render(
    <SessionProvider storage={sessionStorage} fetchImpl={fetchImpl}>
      <AddMarker service="shop" onAdded={onAdded} />
    </SessionProvider>,
  );
  return onAdded;
}

describe('AddMarker (an edit control)', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(cleanup);

  it('is not shown to viewers', () => {
    renderAs('viewer', fakeFetch().fetch);
    expect(screen.queryByRole('button', { name: 'Add marker' })).toBeNull();
  });

  it('lets an editor post a manual marker for the service', async () => {
    const api = fakeFetch({ '/api/v1/markers': { status: 201, body: { id: 'm1' } } });
    const onAdded = renderAs('editor', api.fetch);
    fireEvent.click(screen.getByRole('button', { name: 'Add marker' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^Label: /);
    fireEvent.change(screen.getByLabelText('Marker label'), { target: { value: 'pool 10 → 20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(onAdded).toHaveBeenCalled());
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]?.authorization).toBe('Bearer t0k');
  });
});
