import type { RunStatus } from '../../../preload/contract';
import { STATUS_LABEL, STATUS_TONE } from '../format';

export function StatusBadge({ status }: { status: RunStatus }) {
  return <span className={`badge badge-${STATUS_TONE[status]}`}>{STATUS_LABEL[status]}</span>;
}
