import { useTime } from '../state/time-context.js';
import { isRefreshKey, REFRESH_OPTIONS } from '../state/time-range.js';
import { Icon } from './icons.js';

export function RefreshControl() {
  const { refresh, setRefresh, refreshNow } = useTime();
  return (
    <div className="refresh-control">
      <button
        type="button"
        className="toolbar-button toolbar-button--icon"
        aria-label="Refresh now"
        onClick={refreshNow}
      >
        <Icon name="refresh" />
      </button>
      <select
        className="toolbar-select"
        aria-label="Auto-refresh"
        value={refresh}
        onChange={(event) => {
          if (isRefreshKey(event.target.value)) setRefresh(event.target.value);
        }}
      >
        {REFRESH_OPTIONS.map((o) => (
          <option key={o.key} value={o.key}>
            {o.key === 'off' ? 'Auto-refresh off' : `Every ${o.label}`}
          </option>
        ))}
      </select>
    </div>
  );
}
