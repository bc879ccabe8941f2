import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthService } from '@mutu/auth';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { Public } from '../auth/auth.decorators';
import { AcceptsPassword } from '../http/secret-fields.guard';
import { WebGuard } from './web.guard';
import { WebErrorFilter } from './web-error.filter';
import { WEB_LANGUAGES, ROLE_NAMES } from './web-labels';
import { homeOf, WebPages } from './web-pages';
import {
  localPath,
  Page,
  SESSION_COOKIE,
  setCookie,
  LANGUAGE_COOKIE,
  Web,
  type WebContext,
  type WebRequest,
} from './web-request';

const YEAR_MS = 365 * 86_400_000;

/** Signing in and out, one's own account, the language switch and the first-run setup. */
@ApiExcludeController()
@Public()
@UseGuards(WebGuard)
@UseFilters(WebErrorFilter)
@Controller()
export class SessionPages {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: WebPages,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /** The front door: setup on a fresh install, else the sign-in page or one's own start page. */
  @Get()
  @Page('public')
  async home(@Web() web: WebContext, @Res() response: Response): Promise<void> {
    if (await this.auth.needsFirstAdmin()) return response.redirect(303, '/setup');
    response.redirect(303, web.user ? homeOf(web.user.role) : '/masuk');
  }

  @Get('masuk')
  @Page('public')
  async signInPage(
    @Req() request: WebRequest,
    @Res() response: Response,
    @Query('kembali') back?: string,
  ): Promise<void> {
    const L = this.pages.labels(request.web!.language);
    await this.pages.render(request, response, 'sign-in', L.signIn, { back: localPath(back, '') });
  }

  @Post('masuk')
  @Page('public')
  @AcceptsPassword()
  async signIn(
    @Body() body: { username?: string; password?: string; kembali?: string },
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    const session = await this.auth.startSession(String(body.username ?? ''), String(body.password ?? ''));
    setCookie(response, web, SESSION_COOKIE, session.token);
    this.pages.redirect(response, web, localPath(body.kembali, homeOf(session.user.role)), null);
  }

  @Post('keluar')
  @Page('any')
  async signOut(@Web() web: WebContext, @Res() response: Response): Promise<void> {
    await this.auth.endSession(web.sessionToken!, web.user);
    setCookie(response, web, SESSION_COOKIE, '', 0);
    this.pages.redirect(response, web, '/masuk', {
      kind: 'ok',
      text: this.pages.labels(web.language).signedOut,
    });
  }

  @Get('akun')
  @Page('any')
  async account(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const { user, language } = request.web!;
    const L = this.pages.labels(language);
    await this.pages.render(request, response, 'account', L.account, {
      account: {
        displayName: user!.displayName,
        username: user!.username,
        role: ROLE_NAMES[language][user!.role],
        nip: user!.holderNip ?? L.none,
        agencies: user!.agencies.length ? user!.agencies.join(', ') : L.none,
        email: user!.email ?? L.none,
      },
    });
  }

  @Post('akun/kata-sandi')
  @Page('any')
  @AcceptsPassword()
  async changePassword(
    @Body() body: { currentPassword?: string; newPassword?: string },
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.auth.changePassword(
      web.user!,
      String(body.currentPassword ?? ''),
      String(body.newPassword ?? ''),
      web.sessionToken,
    );
    this.pages.redirect(response, web, '/akun', {
      kind: 'ok',
      text: this.pages.labels(web.language).passwordChanged,
    });
  }

  /** The language switch: a cookie, then back to the page it was pressed on. */
  @Get('bahasa')
  @Page('public')
  language(
    @Query('ke') to: string,
    @Query('kembali') back: string,
    @Web() web: WebContext,
    @Res() response: Response,
  ): void {
    const language = (WEB_LANGUAGES as readonly string[]).includes(to) ? to : this.config.locale;
    setCookie(response, web, LANGUAGE_COOKIE, language, YEAR_MS);
    response.redirect(303, localPath(back, '/'));
  }

  @Get('setup')
  @Page('public')
  async setupPage(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const L = this.pages.labels(request.web!.language);
    if (!(await this.auth.needsFirstAdmin())) {
      return this.pages.redirect(response, request.web!, '/masuk', { kind: 'ok', text: L.setupClosed });
    }
    await this.pages.render(request, response, 'setup', L.setupTitle, {});
  }

  @Post('setup')
  @Page('public')
  @AcceptsPassword()
  async setup(
    @Body() body: { setupCode?: string; username?: string; displayName?: string; password?: string },
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    const session = await this.auth.createFirstAdmin(String(body.setupCode ?? ''), {
      username: String(body.username ?? '').trim(),
      displayName: String(body.displayName ?? '').trim() || String(body.username ?? '').trim(),
      password: String(body.password ?? ''),
    });
    setCookie(response, web, SESSION_COOKIE, session.token);
    this.pages.redirect(response, web, homeOf(session.user.role), {
      kind: 'ok',
      text: this.pages.labels(web.language).setupDone,
    });
  }
}
