// Enreach sends field names in PascalCase or camelCase depending on platform
// and version [assumed]: read every record through one normaliser.

/** A record with its top-level keys in PascalCase ("groupIds" → "GroupIds"). */
export function pascalKeys(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const pascal = key.charAt(0).toUpperCase() + key.slice(1);
    // If both spellings arrive, the PascalCase one (the documented one) wins.
    if (!(pascal in out) || key === pascal) out[pascal] = field;
  }
  return out;
}

/** Ids may be GUID strings or numbers: always strings. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim()) return value.trim();
  return null;
}

/** Trimmed text, or null when missing or empty. */
export function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
