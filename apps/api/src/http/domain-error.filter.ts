import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ConflictError,
  DomainError,
  ForbiddenActionError,
  IllegalTransitionError,
  IntegrityError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@mutu/domain';
import { TooManyAttemptsError, UnauthenticatedError } from '@mutu/auth';
import { isDatabaseUnavailable } from '@mutu/db';
import { BrowserNotFoundError, RendererUnavailableError } from '@mutu/reporting';
import { databaseInputError } from './database-input-error';
import { IdempotencyMismatchError } from './idempotency.interceptor';

const STATUS_BY_ERROR: ReadonlyArray<[new (...args: never[]) => DomainError, HttpStatus]> = [
  [NotFoundError, HttpStatus.NOT_FOUND],
  [ValidationError, HttpStatus.BAD_REQUEST],
  [ConflictError, HttpStatus.CONFLICT],
  [IllegalTransitionError, HttpStatus.CONFLICT],
  [ForbiddenActionError, HttpStatus.FORBIDDEN],
  [UnauthenticatedError, HttpStatus.UNAUTHORIZED],
  [TooManyAttemptsError, HttpStatus.TOO_MANY_REQUESTS],
  [BrowserNotFoundError, HttpStatus.SERVICE_UNAVAILABLE],
  [RendererUnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
  [IdempotencyMismatchError, HttpStatus.UNPROCESSABLE_ENTITY],
  [PayloadTooLargeError, HttpStatus.PAYLOAD_TOO_LARGE],
  [UnsupportedMediaTypeError, HttpStatus.UNSUPPORTED_MEDIA_TYPE],
  [IntegrityError, HttpStatus.INTERNAL_SERVER_ERROR],
];

/** How long a client is asked to wait before retrying while a dependency is unavailable, in seconds. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The one place where failures become HTTP answers. Domain errors keep their Indonesian message
 * and, for bad input, the list of fields at fault; anything unexpected is a 500 that reveals
 * nothing but the request id to quote. PostgreSQL's refusal of a client's value is bad input too
 * (databaseInputError).
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const requestId = String(request.id ?? '');

    const { status, body, retryAfter } = this.describe(databaseInputError(error) ?? error);
    if (retryAfter) {
      this.logger.warn({ err: error, requestId }, 'Layanan pendukung tidak tersedia');
      response.setHeader('Retry-After', String(retryAfter));
    } else if (status >= 500) {
      this.logger.error({ err: error, requestId }, 'Kesalahan tak terduga');
    }
    response.status(status).json({ statusCode: status, ...body, requestId });
  }

  private describe(error: unknown): {
    status: number;
    body: Record<string, unknown>;
    /** Seconds, for a passing unavailability (503) the client should retry after. */
    retryAfter?: number;
  } {
    if (error instanceof DomainError) {
      const status =
        STATUS_BY_ERROR.find(([type]) => error instanceof type)?.[1] ?? HttpStatus.UNPROCESSABLE_ENTITY;
      // A fault of the server is told in a public sentence; its details are for the operator's log.
      if (status >= 500) {
        return {
          status,
          body: { error: HttpStatus[status], code: error.code, message: error.publicMessage },
          ...(error instanceof RendererUnavailableError && { retryAfter: RETRY_AFTER_SECONDS }),
        };
      }
      const {
        name: _name,
        message: _message,
        stack: _stack,
        ...details
      } = error as DomainError & Record<string, unknown>;
      return { status, body: { error: HttpStatus[status], message: error.message, ...details } };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const answer = error.getResponse();
      const message =
        typeof answer === 'string' ? answer : ((answer as { message?: unknown }).message ?? error.message);
      return { status, body: { error: HttpStatus[status], code: HttpStatus[status], message } };
    }
    // The database went away (restart, lost connections, no pooled connection in time): the
    // request was fine and will work again once it is back.
    if (isDatabaseUnavailable(error)) {
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        retryAfter: RETRY_AFTER_SECONDS,
        body: {
          error: 'SERVICE_UNAVAILABLE',
          code: 'DATABASE_UNAVAILABLE',
          message: 'Basis data sedang tidak dapat dijangkau; coba lagi sebentar lagi',
        },
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { error: 'INTERNAL_SERVER_ERROR', code: 'INTERNAL', message: 'Terjadi kesalahan pada server' },
    };
  }
}
