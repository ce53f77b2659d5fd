import type { z } from 'zod';
import { apiError, type ApiError } from '../protocol/index.ts';

// Half of a UTF-16 surrogate pair on its own: no character at all. SQLite (UTF-8) would store it as U+FFFD, so a report
// would silently lose its text; every text field is refused instead, here, where every inbound payload passes.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (value or key) that holds a lone surrogate, or null. */
function badTextPath(v: unknown, path: string[], depth = 0): string | null {
  if (typeof v === 'string') return LONE_SURROGATE.test(v) ? path.join('.') || '(root)' : null;
  if (typeof v !== 'object' || v === null || depth > 32) return null;
  for (const [k, item] of Object.entries(v)) {
    if (LONE_SURROGATE.test(k)) return [...path, '(key)'].join('.');
    const found = badTextPath(item, [...path, k], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Validates an inbound payload with its protocol schema; a failure names each bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | { ok: false; error: ApiError } {
  const bad = badTextPath(input, []);
  if (bad !== null) return { ok: false, error: apiError('TEXT_INVALID', { [bad]: 'lone UTF-16 surrogate' }) };
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const details: Record<string, string> = {};
  for (const issue of result.error.issues) details[issue.path.join('.') || '(root)'] = issue.message;
  return { ok: false, error: apiError('VALIDATION_FAILED', details) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a request body, refusing broken UTF-8 (which a lenient decoder would turn into U+FFFD without a word). */
export function strictUtf8(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
