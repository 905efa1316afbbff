/** A profile, setting or secret is missing or wrong: nothing was run (CLI exit 2). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
