import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '@mutu/auth';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import type { ActorRole } from '@mutu/domain';
import { DocumentTemplates } from '@mutu/templates';
import { WEB_LABELS, type WebLabels, type WebLanguage } from './web-labels';
import { cookiesOf, FLASH_COOKIE, setCookie, type WebContext, type WebRequest } from './web-request';

/** A message carried to the page after a redirect: what was saved, or what went wrong and where. */
export interface Flash {
  readonly kind: 'ok' | 'error';
  readonly text: string;
  readonly problems?: readonly { readonly field: string; readonly message: string }[];
}

type NavKey = keyof WebLabels;

/** The menu of each role; the first entry is where the role lands after signing in. */
const NAVIGATION: Readonly<Record<ActorRole, readonly { path: string; label: NavKey }[]>> = {
  PENGGUNA: [
    { path: '/permohonan', label: 'myRenewals' },
    { path: '/permohonan/baru', label: 'newRenewal' },
  ],
  VERIFIKATOR: [
    { path: '/antrian', label: 'queue' },
    { path: '/permohonan/baru', label: 'openFor' },
  ],
  BSRE: [{ path: '/bsre', label: 'bsreQueue' }],
  KEPALA_DINAS: [
    { path: '/dasbor', label: 'dashboard' },
    { path: '/laporan', label: 'reportsArchive' },
    { path: '/dokumen-sop', label: 'sopDocument' },
  ],
  ADMIN: [
    { path: '/admin/pengguna', label: 'users' },
    { path: '/admin/kalender', label: 'calendar' },
    { path: '/admin/jam-kerja', label: 'officeHours' },
    { path: '/admin/sop', label: 'sopVersions' },
    { path: '/admin/tugas', label: 'jobs' },
    { path: '/admin/surel', label: 'outbox' },
    { path: '/dasbor', label: 'dashboard' },
  ],
};

/** Where a person lands after signing in. */
export function homeOf(role: ActorRole): string {
  return NAVIGATION[role][0]?.path ?? '/akun';
}

/**
 * Renders templates/web/<page>.hbs inside templates/web/layout.hbs with what every page shows:
 * the labels of the chosen language, the signed-in person and their menu, the form token and
 * the message left by the previous form. Pages are private: never cached.
 */
@Injectable()
export class WebPages {
  constructor(
    private readonly templates: DocumentTemplates,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  labels(language: WebLanguage): WebLabels {
    return WEB_LABELS[language];
  }

  async render(
    request: WebRequest,
    response: Response,
    page: string,
    title: string,
    model: object,
    status = 200,
  ): Promise<void> {
    const web: WebContext = request.web ?? {
      language: this.config.locale,
      user: null,
      csrf: '',
      sessionToken: null,
      secure: request.secure,
    };
    const flash = this.takeFlash(request, response, web);
    const L = this.labels(web.language);
    const common = {
      L,
      lang: web.language,
      csrf: web.csrf,
      path: request.originalUrl,
      user: web.user && this.userModel(web.user, L),
      flash,
      title,
    };
    const body = await this.templates.render(`web/${page}`, { ...common, ...model });
    const html = await this.templates.render('web/layout', { ...common, body });
    response.status(status).setHeader('Cache-Control', 'private, no-store').type('html').send(html);
  }

  /** Redirects after a form (303: the browser then GETs), leaving a message for the next page. */
  redirect(response: Response, web: Pick<WebContext, 'secure'>, to: string, flash: Flash | null): void {
    if (flash) {
      setCookie(
        response,
        web,
        FLASH_COOKIE,
        Buffer.from(JSON.stringify(flash)).toString('base64url'),
        60_000,
      );
    }
    response.redirect(303, to);
  }

  private userModel(user: AuthUser, L: WebLabels) {
    return {
      displayName: user.displayName,
      username: user.username,
      role: user.role,
      nav: NAVIGATION[user.role].map((item) => ({ path: item.path, label: L[item.label] })),
    };
  }

  private takeFlash(
    request: WebRequest,
    response: Response,
    web: Pick<WebContext, 'secure'>,
  ): (Flash & { role: string }) | null {
    const raw = cookiesOf(request)[FLASH_COOKIE];
    if (!raw) return null;
    // The upload script follows the redirect in the background, then loads the page itself:
    // the message is for that page.
    if (!request.headers['x-mutu-upload']) setCookie(response, web, FLASH_COOKIE, '', 0);
    try {
      const flash = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
      const kind = flash.kind === 'ok' ? 'ok' : 'error';
      return {
        kind,
        // Screen readers announce a refusal at once, a confirmation politely.
        role: kind === 'ok' ? 'status' : 'alert',
        text: String(flash.text),
        problems: Array.isArray(flash.problems) ? flash.problems : [],
      };
    } catch {
      return null;
    }
  }
}
