// R12: a request that is not idempotent (creating a team or a data source) is
// never sent again blindly. After an answer that may have been lost once the
// request was carried out (5xx, reset, timeout: PlectoError.maybeApplied), the
// caller's look-up runs first; only when it finds nothing is the create tried
// again.
import { PlectoError } from './errors';

const ATTEMPTS = 3;

/** The created (or found) object, and whether it was found by the look-up after a lost answer. */
export async function createOnce<T>(
  create: () => Promise<T>,
  lookUp: () => Promise<T | undefined>,
  onLostAnswer: () => void,
): Promise<{ value: T; found: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await create(), found: false };
    } catch (error) {
      if (!(error instanceof PlectoError && error.maybeApplied) || attempt >= ATTEMPTS) throw error;
      onLostAnswer();
      const found = await lookUp();
      if (found !== undefined) return { value: found, found: true };
    }
  }
}
