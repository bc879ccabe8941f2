import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  ForbiddenException,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Response } from 'express';
import { TooManyAttemptsError, UnauthenticatedError } from '@mutu/auth';
import {
  DomainError,
  ForbiddenActionError,
  IntegrityError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from '@mutu/domain';
import { CsrfRefused, PageForbidden, SignInRequired } from './web.guard';
import { WebPages } from './web-pages';
import { localPath, type WebRequest } from './web-request';

/**
 * The pages' one mapping of failures to what a browser should get: the sign-in page when
 * signed out, a 403 or 404 page, and for a refused form, the page it came from again (303)
 * with the reason in words, so the person can correct it (post-redirect-get).
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(private readonly pages: WebPages) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    const L = this.pages.labels(request.web?.language ?? 'id');
    const web = request.web ?? { secure: request.secure };

    if (error instanceof SignInRequired) {
      const back = request.method === 'GET' ? request.originalUrl : '/';
      return this.pages.redirect(response, web, `/masuk?kembali=${encodeURIComponent(back)}`, null);
    }
    if (error instanceof CsrfRefused) {
      return this.page(request, response, 403, L.csrfTitle, L.csrf);
    }
    if (
      error instanceof PageForbidden ||
      error instanceof ForbiddenException ||
      (error instanceof ForbiddenActionError && request.method !== 'POST')
    ) {
      return this.page(request, response, 403, L.forbiddenTitle, L.forbidden);
    }
    if (error instanceof NotFoundError || error instanceof NotFoundException) {
      return this.page(request, response, 404, L.notFoundTitle, L.notFound);
    }
    const refusedForm =
      request.method === 'POST' &&
      ((error instanceof DomainError && !(error instanceof IntegrityError)) ||
        (error instanceof HttpException && error.getStatus() < 500));
    if (refusedForm) {
      const text =
        error instanceof StaleVersionError
          ? L.stale
          : error instanceof UnauthenticatedError || error instanceof TooManyAttemptsError
            ? error.message
            : error instanceof ValidationError
              ? L.fieldProblems
              : (error as Error).message;
      const problems = error instanceof ValidationError ? error.problems : [];
      return this.pages.redirect(response, web, this.backOf(request), { kind: 'error', text, problems });
    }
    this.logger.error({ err: error, requestId: request.id }, 'Kesalahan tak terduga pada halaman');
    return this.page(request, response, 500, L.errorTitle, `${L.serverError} ${request.id ?? ''}`);
  }

  /** Where a refused form goes back to: its `_back` field, or the page above the form's path. */
  private backOf(request: WebRequest): string {
    const parent = request.path.replace(/\/[^/]*$/, '') || '/';
    return localPath(request.body?._back, parent);
  }

  private page(request: WebRequest, response: Response, status: number, title: string, message: string) {
    return this.pages.render(request, response, 'error', title, { message }, status);
  }
}
