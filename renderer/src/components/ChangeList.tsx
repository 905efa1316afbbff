// The plan as a virtualized list grouped by change kind: only the rows in
// view are in the DOM, so 10,000 changes scroll smoothly. Every change has a
// real checkbox to leave it out of this run.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { Change, ChangeKind } from '../../../preload/contract';
import { KIND_GROUP_LABEL, KIND_LABEL, KIND_ORDER } from '../format';
import { ruleLegend } from '../rules';
import { detailsOf, subjectOf } from './change-text';

type Row = { type: 'group'; kind: ChangeKind; ids: string[] } | { type: 'change'; change: Change };

interface Props {
  changes: Change[];
  excluded: Set<string>;
  /** Changes a partial apply could not make, with the error (issue 11, point 7). */
  failed?: Map<string, string>;
  readOnly: boolean;
  onToggle(id: string): void;
  onToggleGroup(ids: string[], exclude: boolean): void;
}

export function ChangeList({ changes, excluded, failed, readOnly, onToggle, onToggleGroup }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => {
    const byKind = new Map<ChangeKind, Change[]>();
    for (const change of changes) {
      const list = byKind.get(change.kind) ?? [];
      list.push(change);
      byKind.set(change.kind, list);
    }
    const out: Row[] = [];
    for (const kind of KIND_ORDER) {
      const list = byKind.get(kind);
      if (!list) continue;
      out.push({ type: 'group', kind, ids: list.map((c) => c.id) });
      for (const change of list) out.push({ type: 'change', change });
    }
    return out;
  }, [changes]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i].type === 'group' ? 44 : 76),
    overscan: 12,
    getItemKey: (i) => {
      const row = rows[i];
      return row.type === 'group' ? `g:${row.kind}` : row.change.id;
    },
  });

  return (
    <div ref={scroller} className="change-list" role="region" aria-label="Planned changes" tabIndex={-1}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="vrow"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.type === 'group' ? (
                <GroupHeader kind={row.kind} ids={row.ids} excluded={excluded} readOnly={readOnly} onToggleGroup={onToggleGroup} />
              ) : (
                <ChangeRow change={row.change} included={!excluded.has(row.change.id)} error={failed?.get(row.change.id) ?? null} readOnly={readOnly} onToggle={onToggle} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function GroupHeader({ kind, ids, excluded, readOnly, onToggleGroup }: { kind: ChangeKind; ids: string[]; excluded: Set<string>; readOnly: boolean; onToggleGroup: Props['onToggleGroup'] }) {
  const box = useRef<HTMLInputElement>(null);
  const left = ids.filter((id) => excluded.has(id)).length;
  useEffect(() => {
    if (box.current) box.current.indeterminate = left > 0 && left < ids.length;
  }, [left, ids.length]);
  return (
    <div className="group-row">
      <label>
        <input ref={box} type="checkbox" disabled={readOnly} checked={left === 0} onChange={() => onToggleGroup(ids, left === 0)} aria-label={`Include all ${KIND_GROUP_LABEL[kind].toLowerCase()}`} />
        <h3>{KIND_GROUP_LABEL[kind]}</h3>
      </label>
      <span className="count">{ids.length.toLocaleString()}</span>
      {left > 0 && <span className="muted small">{left.toLocaleString()} left out</span>}
    </div>
  );
}

function ChangeRow({ change, included, error, readOnly, onToggle }: { change: Change; included: boolean; error: string | null; readOnly: boolean; onToggle(id: string): void }) {
  const subject = subjectOf(change);
  const details = detailsOf(change);
  return (
    <div className={`change-row${included ? '' : ' is-excluded'}${error ? ' is-failed' : ''}`}>
      <input
        type="checkbox"
        checked={included}
        disabled={readOnly}
        onChange={() => onToggle(change.id)}
        aria-label={`Include: ${KIND_LABEL[change.kind]} ${subject}`}
      />
      <div className="change-main">
        <div className="change-title">
          <span className={`kind kind-${change.kind}`}>{KIND_LABEL[change.kind]}</span>
          <span className="subject">{subject}</span>
          {!included && <span className="pill">Left out</span>}
          {error && <span className="badge badge-bad">Failed</span>}
        </div>
        {error && <div className="text-bad small">{error}</div>}
        {details.length > 0 && <div className="change-details small">{details.join(' · ')}</div>}
        <div className="change-reason small">
          <span className="rule" title={ruleLegend(change.rule)}>
            {change.rule}
          </span>{' '}
          {withoutRuleSuffix(change.reason, change.rule)}
        </div>
      </div>
    </div>
  );
}

/** The rule is shown as a tag already; a trailing "(R4)" in the reason would repeat it. */
function withoutRuleSuffix(reason: string, rule: string): string {
  const suffix = ` (${rule})`;
  return reason.endsWith(suffix) ? reason.slice(0, -suffix.length) : reason;
}
