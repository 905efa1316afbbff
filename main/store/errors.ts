// Errors the mirror raises that a person can act on. None of them ever carries
// a secret: they name files, versions, connection ids and Plecto uuids only.

/** The mirror file was written by a newer app; opening it could corrupt it. */
export class DatabaseFromFutureError extends Error {
  constructor(
    readonly file: string,
    readonly fileVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `The mirror database ${file} has schema version ${fileVersion}, but this app only knows ` +
        `version ${appVersion}. It was written by a newer version of Plecto Directory Sync: update the app.`,
    );
    this.name = 'DatabaseFromFutureError';
  }
}

/** The file exists but is not a SQLite database (or is damaged beyond opening). */
export class NotADatabaseError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(
      `The mirror database ${file} is not a SQLite database (${describe(cause)}). ` +
        `Move the file aside or choose another data folder.`,
    );
    this.name = 'NotADatabaseError';
  }
}

/** The data folder (or the mirror file in it) cannot be created, read or written by this user. */
export class DataFolderError extends Error {
  constructor(
    readonly folder: string,
    problem: string,
    cause?: unknown,
  ) {
    super(
      `The data folder ${folder} ${problem}${cause ? ` (${describe(cause)})` : ''}. ` +
        `Nothing is wrong with the mirror itself: give this user write access to the folder, or choose another data folder.`,
    );
    this.name = 'DataFolderError';
  }
}

/** A connection config holds a plain secret instead of a reference. */
export class PlainSecretError extends Error {
  constructor(
    /** What was being stored, e.g. 'connection "intercom"' or 'setting "plecto.password"'. */
    readonly what: string,
    readonly field: string,
    problem = 'is a plain value',
  ) {
    super(
      `Refusing to store ${what}: "${field}" ${problem}. ` +
        `Save the secret in the keychain or an environment variable and store a reference ` +
        `({"keychain": "..."} or {"env": "..."}).`,
    );
    this.name = 'PlainSecretError';
  }
}

/** A Plecto team belongs to one connection and one source team only. */
export class TeamLinkConflictError extends Error {
  constructor(
    readonly plectoUuid: string,
    readonly linkedConnectionId: string,
    readonly linkedSourceId: string,
  ) {
    super(
      `Plecto team ${plectoUuid} is already linked to source team "${linkedSourceId}" of connection ` +
        `"${linkedConnectionId}"; a Plecto team can be linked to one source team of one connection only.`,
    );
    this.name = 'TeamLinkConflictError';
  }
}

/** A run or journal entry that the caller expected does not exist or is in the wrong state. */
export class MirrorStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MirrorStateError';
  }
}

/** "permission denied" rather than "EACCES: permission denied, open '/x'": the path is already in the message. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && PLAIN_CODES[code]) return PLAIN_CODES[code];
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

const PLAIN_CODES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a file is in the way of the folder',
  SQLITE_NOTADB: 'the file is not a SQLite database',
  SQLITE_CORRUPT: 'the database file is damaged',
};
