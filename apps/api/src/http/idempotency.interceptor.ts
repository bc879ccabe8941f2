import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthUser } from '@mutu/auth';
import { IdempotencyRepository, TransactionRunner } from '@mutu/db';
import { canonicalJson, ConflictError, DomainError, ValidationError } from '@mutu/domain';

export class IdempotencyMismatchError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}

/**
 * `Idempotency-Key` on a POST: the first request with a key acts and its answer is kept; a
 * retry with the same key and body gets that answer again without acting twice; the same key
 * with another body is refused (422). Keys are per signed-in user. The whole request runs in
 * one transaction (its service's own transactions nest in it as savepoints), so the key is only
 * ever taken together with the action and its answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly tx: TransactionRunner,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.user) return next.handle();
    // Nest sets the status only when it sends the answer, so the route's declared one is kept.
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    return from(
      this.once(String(key), request, context.switchToHttp().getResponse<Response>(), status, next),
    );
  }

  private async once(
    key: string,
    request: Request & { user?: AuthUser },
    response: Response,
    status: number,
    next: CallHandler,
  ) {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ValidationError([{ field: 'Idempotency-Key', message: '1–255 karakter ASCII tanpa spasi' }]);
    }
    const claim = {
      actorId: request.user!.id,
      key,
      method: request.method,
      path: request.path,
      requestSha256: createHash('sha256')
        .update(`${request.method} ${request.path} ${canonicalJson(request.body ?? null)}`)
        .digest('hex'),
    };
    // Claim, action and stored answer commit together: a crash (kill -9) at any point leaves either
    // nothing (the retry acts, once) or all three (the retry gets the answer). A retry arriving
    // while the first is still at work waits on the claim's row lock, then replays its answer.
    return this.tx.run(async () => {
      const result = await this.records.claim(claim);
      if (result.claimed) {
        const body = await lastValueFrom(next.handle());
        await this.records.complete(result.id, status, body);
        return body;
      }
      if (result.busy) throw new ConflictError('Permintaan dengan Idempotency-Key ini masih diproses');
      const { earlier } = result;
      if (earlier.requestSha256 !== claim.requestSha256) {
        throw new IdempotencyMismatchError('Idempotency-Key ini sudah dipakai untuk permintaan lain');
      }
      response.status(earlier.responseStatus).setHeader('Idempotent-Replayed', 'true');
      return earlier.responseBody;
    });
  }
}
