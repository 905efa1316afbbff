// The desktop's "Check compatibility" (issue 10, point 5) through the real
// desktop API and IPC validation: Plecto and a saved connection, the report
// file for support (no secret, no email), and the result kept for plan/apply.
import { afterEach, describe, expect, it } from 'vitest';
import { validateApiArgs } from '../../../main/ipc/validate';
import { ASSUMED } from '../../../main/plecto/wire';
import { INTERCOM_TOKEN, startApiWorld, type ApiWorld } from '../../unit/app/api-world';

let world: ApiWorld;
afterEach(async () => world?.close());

describe('desktop: Check compatibility', () => {
  it('checks Plecto and a connection, keeps each result, and gives a report file without secrets or emails', async () => {
    world = await startApiWorld();
    await world.setUp();
    world.plecto.addMember({ name: 'Ann Lee', email: 'ann@acme.com', api_providers: [{ provider: 'Intercom', provider_id: '1' }] });

    const plecto = await world.api.checkCompatibility('plecto');
    expect(plecto).toMatchObject({ system: 'plecto', passed: true });
    expect(plecto.items.find((i) => i.item === ASSUMED.apiProviders.item)?.status).toBe('ok');
    const intercom = await world.api.checkCompatibility('intercom');
    expect(intercom).toMatchObject({ system: 'intercom', type: 'intercom', passed: true });
    expect(world.mirror.lastCheckResult('plecto')).not.toBeNull();
    expect(world.mirror.lastCheckResult('intercom')).not.toBeNull();

    for (const report of [plecto, intercom]) {
      const file = JSON.parse(report.file);
      expect(file[0]).toMatchObject({ system: report.system, items: expect.any(Array) });
      for (const secret of [world.plecto.password, INTERCOM_TOKEN, world.plecto.email, 'ann@acme.com']) expect(report.file).not.toContain(secret);
    }
    expect(world.plecto.writes()).toBe(0);
  });

  it('a differing Plecto is reported (not thrown); an unknown target is a plain error; the IPC argument is validated', async () => {
    world = await startApiWorld();
    await world.setUp();
    world.plecto.switches.listShape = 'other';
    const report = await world.api.checkCompatibility('plecto');
    expect(report.passed).toBe(false);
    expect(report.items.find((i) => i.item === ASSUMED.listShape.item)).toMatchObject({ status: 'differs', guardsWrites: true });
    await expect(world.api.checkCompatibility('nope')).rejects.toThrow('There is no connection "nope"');
    expect(() => validateApiArgs('checkCompatibility', ['../x'])).toThrow(/target may contain only letters/);
    expect(validateApiArgs('checkCompatibility', ['plecto'])).toEqual(['plecto']);
  });
});
