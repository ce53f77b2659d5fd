// Every error leaves the server in the documented form {code, message, messageEn}: fastify's own errors (the router's,
// body parsing) are mapped to our codes, and JSON bodies must be valid UTF-8.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../protocol/index.ts';
import { strictUtf8 } from '../validation.ts';
import { sendError } from './guard.ts';

const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_BAD_URL: 'URL_INVALID',
  FST_ERR_MAX_PARAM_LENGTH: 'URL_TOO_LONG',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  TEXT_INVALID: 'TEXT_INVALID',
};

export function errorCodeFor(err: { code?: string; statusCode?: number }): ErrorCode {
  const mapped = err.code ? FRAMEWORK_CODES[err.code] : undefined;
  if (mapped) return mapped;
  return (err.statusCode ?? 500) < 500 ? 'BAD_REQUEST' : 'INTERNAL';
}

/** Fastify's `frameworkErrors` option: errors raised before any route runs (a bad or over-long URL). */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, errorCodeFor(err));
}

export function installErrorFormat(app: FastifyInstance, log: (msg: string, err?: unknown) => void): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) log('http request failed', err);
    if (status === 429) return reply.code(429).send(err); // rate limits build their own {code, message, messageEn}
    // Only photo uploads take non-JSON bodies: a wrong type or an oversize body there is a photo problem.
    if ((status === 413 || status === 415) && req.url.startsWith('/api/photos')) return sendError(reply, 'PHOTO_INVALID');
    return sendError(reply, errorCodeFor(err));
  });

  // JSON as fastify parses it (prototype poisoning refused), after a strict UTF-8 decode.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const text = strictUtf8(body as Buffer);
    if (text === null) return done(Object.assign(new Error('request body is not valid UTF-8'), { statusCode: 400, code: 'TEXT_INVALID' }), undefined);
    parseJson(req, text, done);
  });
}
