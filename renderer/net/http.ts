// Thin fetch helper for the centre server's REST API (same origin). Errors come back as ApiError bodies.
import type { ApiError } from '../../protocol/index.ts';

export class RequestError extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The server's ApiError, or null for a network failure / unreadable body. */
    readonly apiError: ApiError | null,
  ) {
    super(apiError ? `${apiError.code}: ${apiError.messageEn}` : status === 0 ? 'network error' : `HTTP ${status}`);
    this.name = 'RequestError';
  }

  /** The token is no longer accepted: the console must go back to the login page. */
  get isAuthFailure(): boolean {
    const c = this.apiError?.code;
    return c === 'AUTH_TOKEN_EXPIRED' || c === 'AUTH_TOKEN_INVALID' || c === 'AUTH_REQUIRED';
  }
}

function isApiError(v: unknown): v is ApiError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ApiError).code === 'string' &&
    typeof (v as ApiError).message === 'string' &&
    typeof (v as ApiError).messageEn === 'string'
  );
}

/** Accept `{code,message,messageEn}` or `{error:{…}}` bodies. */
export function toApiError(body: unknown): ApiError | null {
  if (isApiError(body)) return body;
  if (typeof body === 'object' && body !== null && isApiError((body as { error?: unknown }).error)) {
    return (body as { error: ApiError }).error;
  }
  return null;
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
}

/** Call the API; resolves with the parsed JSON body (undefined for an empty body), rejects with RequestError. */
export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
      cache: 'no-store',
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new RequestError(0, null);
  }
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) throw new RequestError(res.status, toApiError(body));
  return body as T;
}
