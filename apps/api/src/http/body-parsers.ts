import type { INestApplication } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { json, type NextFunction, type Request, type Response, urlencoded } from 'express';
import {
  type DomainError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@mutu/domain';
import { DomainErrorFilter } from './domain-error.filter';

/** No request body of Mutu's nests deeper than this; a deeper one is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

const BODY_FIELD = 'body';

/** Thrown by the JSON parser's `verify` step; body-parser hands it on with this type. */
class TooDeepError extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
}

/**
 * Nesting depth of a JSON text, counting brackets outside strings, in one pass over the bytes
 * (JSON's structural characters are ASCII, so UTF-8 needs no decoding for this). Stops counting
 * past `limit`, so a hostile body costs no more than reading it.
 */
export function jsonDepthExceeds(text: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > limit) return true;
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return false;
}

/**
 * A body-parser refusal as the domain error it is. The parser's own messages quote the body
 * (JSON.parse's does), which can carry secrets: none of that is passed on.
 */
function bodyError(error: {
  type?: string;
  limit?: number;
  charset?: string;
  encoding?: string;
}): DomainError {
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(error.limit ?? 0);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(error.charset ?? error.encoding ?? null, ['utf-8']);
    case 'entity.too.deep':
      return new ValidationError(
        [{ field: BODY_FIELD, message: `JSON bersarang lebih dari ${MAX_JSON_DEPTH} tingkat` }],
        'Isi permintaan ditolak',
      );
    default:
      return new ValidationError(
        [{ field: BODY_FIELD, message: 'bukan JSON atau formulir yang sah' }],
        'Isi permintaan tidak dapat dibaca',
      );
  }
}

/**
 * The request body parsers, registered in place of Nest's defaults (same limits), with two
 * additions: JSON nested deeper than MAX_JSON_DEPTH is refused before parsing, since recursive
 * code downstream (validation, canonical JSON) would overflow the stack; and every parser's
 * refusal is answered by the one error filter, naming the field `body` and never quoting it.
 */
export function useBodyParsers(app: INestApplication): void {
  // Registered on Express itself (Nest's useBodyParser keeps `verify` for raw bodies); Nest then
  // sees a jsonParser and urlencodedParser in place and adds none of its own.
  app.use(
    json({
      verify: (_request, _response, raw) => {
        if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) throw new TooDeepError('JSON terlalu dalam');
      },
    }),
  );
  app.use(urlencoded({ extended: true }));
  const filter = new DomainErrorFilter();
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    // Only what a parser threw (http-errors with a `type`) is ours; the rest follows Express.
    if (!error || typeof error !== 'object' || typeof (error as { type?: unknown }).type !== 'string') {
      return next(error);
    }
    filter.catch(bodyError(error as { type: string }), new ExecutionContextHost([request, response, next]));
  });
}
