import type { z } from 'zod';
import { apiError, type ApiError } from '../protocol/index.ts';

/** Validates an inbound payload with its protocol schema; a failure names each bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | { ok: false; error: ApiError } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const details: Record<string, string> = {};
  for (const issue of result.error.issues) details[issue.path.join('.') || '(root)'] = issue.message;
  return { ok: false, error: apiError('VALIDATION_FAILED', details) };
}
