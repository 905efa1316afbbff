// The connection a per-connection page works on.
import { useId } from 'react';
import { useApp } from '../store/app-store';

export function ConnectionPicker() {
  const id = useId();
  const connections = useApp((s) => s.overview?.connections ?? []);
  const connectionId = useApp((s) => s.connectionId);
  const selectConnection = useApp((s) => s.selectConnection);
  if (connections.length < 2) return null;
  return (
    <div className="picker">
      <label htmlFor={id}>Connection</label>
      <select id={id} value={connectionId ?? ''} onChange={(e) => selectConnection(e.target.value)}>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.providerLabel} ({c.id})
          </option>
        ))}
      </select>
    </div>
  );
}
