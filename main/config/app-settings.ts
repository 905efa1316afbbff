// Keys of the app-wide values the desktop keeps in the mirror's settings
// table. One list, so the shell, the scheduler and the desktop API agree.
export const APP_SETTINGS = {
  /** "true" while automatic sync is paused for every connection. */
  automaticSyncPaused: 'automaticSyncPaused',
  /** "true" when the app starts at login. */
  startAtLogin: 'startAtLogin',
  /** Plecto's connection settings (JSON of PlectoConfig, password as a keychain reference). */
  plecto: 'plecto',
} as const;
