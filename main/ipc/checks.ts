// Small composable checks for untrusted input (API arguments, imported
// profiles). Each returns a clean copy or throws ApiInputError naming the field.
export class ApiInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiInputError';
  }
}

export type Check = (value: unknown, path: string) => unknown;

export const fail = (path: string, what: string): never => {
  throw new ApiInputError(`${path} ${what}`);
};

export function str(options: { min?: number; max?: number; pattern?: RegExp; patternText?: string } = {}): Check {
  const { min = 0, max = 2000, pattern, patternText } = options;
  return (value, path) => {
    if (typeof value !== 'string') return fail(path, 'must be text');
    if (value.length < min) return fail(path, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
    if (value.length > max) return fail(path, `must have at most ${max} characters`);
    if (pattern && !pattern.test(value)) return fail(path, patternText ?? 'has an invalid format');
    return value;
  };
}

export function int(min: number, max: number): Check {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return fail(path, 'must be a whole number');
    if (value < min || value > max) return fail(path, `must be between ${min} and ${max}`);
    return value;
  };
}

export const bool: Check = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'must be true or false'));

export function oneOf<T extends string>(values: readonly T[]): Check {
  return (value, path) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? value
      : fail(path, `must be one of ${values.join(', ')}`);
}

export function list(item: Check, max = 100_000): Check {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'must be a list');
    if (value.length > max) return fail(path, `must have at most ${max} items`);
    return value.map((entry, index) => item(entry, `${path}[${index}]`));
  };
}

/** An http(s) URL without user info (credentials never travel in URLs). */
export const httpUrl: Check = (value, path) => {
  str({ min: 1, max: 500 })(value, path);
  let parsed: URL;
  try {
    parsed = new URL(value as string);
  } catch {
    return fail(path, 'must be a URL such as https://example.com');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return fail(path, 'must start with https://');
  if (parsed.username || parsed.password) return fail(path, 'must not contain a user name or password');
  return value;
};

export function record(checkKey: (key: string, path: string) => void, checkValue: Check, maxKeys = 20): Check {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'must be an object');
    const entries = Object.entries(value);
    if (entries.length > maxKeys) return fail(path, `must have at most ${maxKeys} entries`);
    const out: Record<string, unknown> = {};
    for (const [key, entry] of entries) {
      checkKey(key, `${path}.${key}`);
      out[key] = checkValue(entry, `${path}.${key}`);
    }
    return out;
  };
}

/** An object with known optional/required keys; unknown keys are refused. */
export function obj(shape: Record<string, Check>, required: readonly string[] = []): Check {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'must be an object');
    for (const key of Object.keys(value)) if (!(key in shape)) fail(`${path}.${key}`, 'is not a known field');
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry === undefined) {
        if (required.includes(key)) fail(`${path}.${key}`, 'is required');
        continue;
      }
      out[key] = check(entry, `${path}.${key}`);
    }
    return out;
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

