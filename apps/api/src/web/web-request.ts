import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '@mutu/auth';
import type { ActorRole } from '@mutu/domain';
import type { WebLanguage } from './web-labels';

/** The session cookie: a random token whose SHA-256 names the server-side session row. */
export const SESSION_COOKIE = 'mutu_sesi';
/** Before sign-in (sign-in and setup forms) the form token is a cookie of its own (double submit). */
export const FORM_COOKIE = 'mutu_form';
/** A message for the next page after a redirect (post-redirect-get). */
export const FLASH_COOKIE = 'mutu_pesan';
/** The chosen language, `id` or `en`. */
export const LANGUAGE_COOKIE = 'lang';
/** Name of the hidden form field, and query parameter for multipart forms, carrying the form token. */
export const CSRF_FIELD = '_csrf';

/** Who may open a page: anyone (sign-in, setup), any signed-in person, or these roles. */
export type PageAccess = 'public' | 'any' | readonly ActorRole[];
export const PAGE_ACCESS = 'mutu:page-access';

/** Declares a handler (or controller) a web page and who may open it; undeclared pages refuse everyone. */
export const Page = (access: PageAccess) => SetMetadata(PAGE_ACCESS, access);

/** What the web guard learned about a request, for the handlers and templates. */
export interface WebContext {
  readonly language: WebLanguage;
  readonly user: AuthUser | null;
  /** The form token of the session (or of the anonymous visitor) that every form carries. */
  readonly csrf: string;
  /** The session cookie's token, to sign out or keep this session on a password change. */
  readonly sessionToken: string | null;
  /** Whether the connection is HTTPS (directly, or as told by a trusted proxy): cookies are Secure. */
  readonly secure: boolean;
}

export type WebRequest = Request & { web?: WebContext; id?: string };

export const Web = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WebContext =>
    context.switchToHttp().getRequest<WebRequest>().web!,
);

/** The cookies of a request, by name (express does not parse them; nothing here needs signing). */
export function cookiesOf(request: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of String(request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    try {
      cookies[name] ??= decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // A malformed value is ignored as if absent.
    }
  }
  return cookies;
}

/**
 * Sets one of Mutu's cookies: httpOnly, SameSite=Lax, for the whole site, Secure over HTTPS.
 * `maxAgeMs` null = until the browser closes; 0 deletes it.
 */
export function setCookie(
  response: Response,
  web: Pick<WebContext, 'secure'>,
  name: string,
  value: string,
  maxAgeMs: number | null = null,
): void {
  response.cookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: web.secure,
    path: '/',
    ...(maxAgeMs !== null && { maxAge: maxAgeMs }),
  });
}

/** A local path to return to after a form, never another site ("//evil", "https:…"). */
export function localPath(candidate: unknown, fallback: string): string {
  return typeof candidate === 'string' && /^\/(?![/\\])[^\s]*$/.test(candidate) ? candidate : fallback;
}
