// The plan as a virtualized list grouped by change kind: only the rows in
// view are in the DOM, so 10,000 changes scroll smoothly. Every change has a
// real checkbox to leave it out of this run; a change left out only because
// it depends on one the admin left out (R13) shows why, and cannot be ticked.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef } from 'react';
import type { Change, ChangeKind } from '../../../preload/contract';
import { KIND_GROUP_LABEL, KIND_LABEL, KIND_ORDER } from '../format';
import { ruleLegend } from '../rules';
import { detailsOf, subjectOf } from './change-text';

type Row = { type: 'group'; kind: ChangeKind; ids: string[] } | { type: 'change'; change: Change };

interface Props {
  changes: Change[];
  excluded: Set<string>;
  /** R13: changes left out because they depend on one left out, with the reason. */
  implied?: Map<string, string>;
  /** R13: kept team changes written without their parent, with the note. */
  withoutParent?: Map<string, string>;
  /** Changes a partial apply could not make, with the error (issue 11, point 7). */
  failed?: Map<string, string>;
  readOnly: boolean;
  onToggle(id: string): void;
  onToggleGroup(ids: string[], exclude: boolean): void;
}

const NONE = new Map<string, string>();

export function ChangeList({ changes, excluded, implied = NONE, withoutParent = NONE, failed, readOnly, onToggle, onToggleGroup }: Props) {
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
                <GroupHeader kind={row.kind} ids={row.ids} excluded={excluded} implied={implied} readOnly={readOnly} onToggleGroup={onToggleGroup} />
              ) : (
                <ChangeRow
                  change={row.change}
                  included={!excluded.has(row.change.id)}
                  implied={implied.get(row.change.id) ?? null}
                  note={withoutParent.get(row.change.id) ?? null}
                  error={failed?.get(row.change.id) ?? null}
                  readOnly={readOnly}
                  onToggle={onToggle}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function GroupHeader({
  kind,
  ids,
  excluded,
  implied,
  readOnly,
  onToggleGroup,
}: {
  kind: ChangeKind;
  ids: string[];
  excluded: Set<string>;
  implied: Map<string, string>;
  readOnly: boolean;
  onToggleGroup: Props['onToggleGroup'];
}) {
  const box = useRef<HTMLInputElement>(null);
  const chosen = ids.filter((id) => excluded.has(id)).length;
  const left = ids.filter((id) => excluded.has(id) || implied.has(id)).length;
  // Changes left out with another one (R13) are not the admin's to tick: the box leaves out the
  // rest when none is chosen, and brings back the chosen ones otherwise.
  const free = ids.filter((id) => !implied.has(id));
  useEffect(() => {
    if (box.current) box.current.indeterminate = left > 0 && left < ids.length;
  }, [left, ids.length]);
  return (
    <div className="group-row">
      <label>
        <input
          ref={box}
          type="checkbox"
          disabled={readOnly || free.length === 0}
          checked={left === 0}
          onChange={() => (chosen === 0 ? onToggleGroup(free, true) : onToggleGroup(ids, false))}
          aria-label={`Include all ${KIND_GROUP_LABEL[kind].toLowerCase()}`} />
        <h3>{KIND_GROUP_LABEL[kind]}</h3>
      </label>
      <span className="count">{ids.length.toLocaleString()}</span>
      {left > 0 && <span className="muted small">{left.toLocaleString()} left out</span>}
    </div>
  );
}

function ChangeRow({
  change,
  included: chosen,
  implied,
  note,
  error,
  readOnly,
  onToggle,
}: {
  change: Change;
  included: boolean;
  /** Why this change is left out with another one (R13), null when it is not. */
  implied: string | null;
  /** Why this kept team change is written without its parent (R13), null when it is not. */
  note: string | null;
  error: string | null;
  readOnly: boolean;
  onToggle(id: string): void;
}) {
  const subject = subjectOf(change);
  const details = detailsOf(change);
  const leaveOutId = useId();
  const included = chosen && implied === null;
  const why = implied ?? (included ? note : null);
  return (
    <div className={`change-row${included ? '' : ' is-excluded'}${error ? ' is-failed' : ''}`}>
      <input
        type="checkbox"
        checked={included}
        disabled={readOnly || implied !== null}
        onChange={() => onToggle(change.id)}
        aria-label={`Include: ${KIND_LABEL[change.kind]} ${subject}`}
        aria-describedby={why ? leaveOutId : undefined}
      />
      <div className="change-main">
        <div className="change-title">
          <span className={`kind kind-${change.kind}`}>{KIND_LABEL[change.kind]}</span>
          <span className="subject">{subject}</span>
          {!included && <span className="pill">Left out</span>}
          {error && <span className="badge badge-bad">Failed</span>}
        </div>
        {error && <div className="text-bad small">{error}</div>}
        {why && (
          <div id={leaveOutId} className="change-reason small leave-out-reason">
            {sentence(why)}
          </div>
        )}
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

/** The engine's reasons start lower case ("left out because …"); under a row they are a sentence. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The rule is shown as a tag already; a trailing "(R4)" in the reason would repeat it. */
function withoutRuleSuffix(reason: string, rule: string): string {
  const suffix = ` (${rule})`;
  return reason.endsWith(suffix) ? reason.slice(0, -suffix.length) : reason;
}
