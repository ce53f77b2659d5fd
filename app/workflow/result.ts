import type { ErrorCode } from '../../protocol/index.ts';
import type { Addressed } from '../store/outbox.ts';

/** What every workflow operation returns: the value and the envelopes to publish after the commit, or a refusal. */
export type Result<T> = { ok: true; value: T; out: Addressed[] } | { ok: false; code: ErrorCode; details?: Record<string, string> };
