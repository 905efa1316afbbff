// `check` (contracts/cli.md): a read-only compatibility check of Plecto and of
// each selected connection's account. Prints the report (text, or JSON with
// --json), writes it to --out FILE as JSON for support, and keeps each
// system's result in the mirror for plan and apply (issue 10, point 7).
// Exit 0 when everything the sync needs was seen, 5 when a system could not
// be read or something it needs differs.
import fs from 'node:fs';
import type { Profile } from '../config/profile';
import type { SecretSources } from '../config/secrets';
import { connectionAccount, plectoAccount, saveCheck } from '../check/gate';
import { passed, reportJson, reportText, type SystemReport } from '../check/report';
import { checkConnection, checkPlectoAccount } from '../check/run';
import type { HttpDeps } from '../http/http';
import type { Mirror } from '../store/mirror';

export interface CheckCommandInput {
  profile: Profile;
  connections: Profile['connections'];
  sources: SecretSources;
  http: HttpDeps;
  mirror: Mirror;
  json: boolean;
  /** Also write the JSON report here. */
  out?: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const CHECK_EXIT = { ok: 0, differs: 5 } as const;

export async function runCheckCommand(input: CheckCommandInput): Promise<number> {
  const deps = { http: input.http, sources: input.sources };
  const reports: SystemReport[] = [];
  const plecto = await checkPlectoAccount(input.profile.plecto, deps);
  saveCheck(input.mirror, plecto, plectoAccount(input.profile.plecto), input.http.clock.now());
  reports.push(plecto);
  for (const connection of input.connections) {
    const report = await checkConnection(connection, deps);
    saveCheck(input.mirror, report, connectionAccount(connection), input.http.clock.now());
    reports.push(report);
  }
  const json = JSON.stringify(reportJson(reports), null, 2) + '\n';
  if (input.out) {
    // Owner-only, like the mirror: it names hosts and counts (no secrets, no people).
    fs.writeFileSync(input.out, json, { mode: 0o600 });
  }
  if (input.json) {
    input.stdout(json);
    input.stderr(reportText(reports));
  } else input.stdout(reportText(reports));
  if (input.out) (input.json ? input.stderr : input.stdout)(`The report is saved in ${input.out}\n`);
  return reports.every(passed) ? CHECK_EXIT.ok : CHECK_EXIT.differs;
}
