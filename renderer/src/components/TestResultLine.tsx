import type { TestResult } from '../../../preload/contract';

/** The outcome of "Test connection", announced politely. */
export function TestResultLine({ result, busy }: { result: TestResult | null; busy: boolean }) {
  return (
    <p className="test-result" role="status" aria-live="polite">
      {busy ? (
        <span className="muted">Testing…</span>
      ) : result ? (
        <span className={result.ok ? 'text-ok' : 'text-bad'}>
          <span aria-hidden="true">{result.ok ? '✓ ' : '✕ '}</span>
          {result.message}
        </span>
      ) : null}
    </p>
  );
}
