import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { AuthService } from '@mutu/auth';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { WEB_LANGUAGES, type WebLanguage } from './web-labels';
import {
  cookiesOf,
  CSRF_FIELD,
  FORM_COOKIE,
  LANGUAGE_COOKIE,
  PAGE_ACCESS,
  type PageAccess,
  SESSION_COOKIE,
  setCookie,
  type WebRequest,
} from './web-request';

/** A page that needs a signed-in person was opened without a live session. */
export class SignInRequired extends Error {}
/** A signed-in person whose role may not open the page. */
export class PageForbidden extends Error {}
/** A form posted without the form token of its session (cross-site request forgery, or a stale tab). */
export class CsrfRefused extends Error {}

function sameToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(given)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The pages' gate, in this order: who (the session cookie, kept alive by use), whether they may
 * open the page (its @Page access; a page without one is refused to all), and, for every POST,
 * the form token of the session (synchronizer token) — before sign-in, the token of a cookie of
 * its own (double submit). Bearer tokens play no part here, as cookies play none in the API.
 */
@Injectable()
export class WebGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const cookies = cookiesOf(request);
    const language = (WEB_LANGUAGES as readonly string[]).includes(cookies[LANGUAGE_COOKIE])
      ? (cookies[LANGUAGE_COOKIE] as WebLanguage)
      : this.config.locale;
    const token = cookies[SESSION_COOKIE] || null;
    const session = token ? await this.auth.session(token) : null;
    const secure = request.secure;

    let csrf = session?.csrf ?? cookies[FORM_COOKIE];
    if (!session && !csrf) {
      csrf = randomBytes(32).toString('hex');
      setCookie(response, { secure }, FORM_COOKIE, csrf);
    }
    request.web = {
      language,
      user: session?.user ?? null,
      csrf,
      sessionToken: session ? token : null,
      secure,
    };

    const access = this.reflector.getAllAndOverride<PageAccess | undefined>(PAGE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === undefined) throw new PageForbidden();
    if (access !== 'public' && !session) throw new SignInRequired();
    if (request.method === 'POST') {
      const given = request.body?.[CSRF_FIELD] ?? request.query?.[CSRF_FIELD];
      if (!sameToken(csrf, given)) throw new CsrfRefused();
    }
    if (Array.isArray(access) && !access.includes(session!.user.role)) throw new PageForbidden();
    return true;
  }
}
