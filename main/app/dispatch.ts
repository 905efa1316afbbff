// One call from the renderer, whatever carried it (IPC or the test bridge):
// validate the arguments strictly, then call the named method.
import type { ApiMethod, DirectorySyncApi } from '../../preload/contract';
import { validateApiArgs } from '../ipc/validate';

export async function callApi(api: DirectorySyncApi, method: string, args: unknown): Promise<unknown> {
  const clean = validateApiArgs(method, args);
  const fn = api[method as ApiMethod] as (...a: unknown[]) => Promise<unknown>;
  return fn(...clean);
}
