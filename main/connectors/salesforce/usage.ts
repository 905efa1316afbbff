// Salesforce's quota reading: the org-wide part of `Sforce-Limit-Info`.
import { UsageMeter } from '../../http/usage-meter';

export function salesforceUsageMeter(): UsageMeter {
  return new UsageMeter((headers) => {
    const header = headers.get('sforce-limit-info');
    // The header may also carry `per-app-api-usage=...`.
    return header ? (/(?:^|[\s,;])(api-usage=\d+\/\d+)/.exec(header)?.[1] ?? header.trim()) : undefined;
  });
}
