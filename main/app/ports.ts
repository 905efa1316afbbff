// The narrow slices of the mirror the app services use, so each piece says
// what it needs (and tests can see it at a glance).
import type { Mirror } from '../store/mirror';

export type SettingsStore = Pick<Mirror, 'getSetting' | 'setSetting'>;
