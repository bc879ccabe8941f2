import { createHash, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import { AuditService, currentRequestMeta } from '@mutu/audit';
import { Clock, MUTU_CONFIG, type MutuConfig, persistentSecret } from '@mutu/config';
import {
  type Account,
  type ApiToken,
  ApiTokenRepository,
  LoginThrottleRepository,
  TransactionRunner,
  UserRepository,
  type User,
  WebSessionRepository,
} from '@mutu/db';
import {
  type ActorRole,
  ACTOR_ROLES,
  ConflictError,
  DomainError,
  NotFoundError,
  ValidationError,
  isUuidShaped,
  nipProblem,
} from '@mutu/domain';

/** Who is calling, as every service sees it: identity, role and scope. */
export interface AuthUser {
  readonly active?: boolean;
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: ActorRole;
  readonly holderNip: string | null;
  readonly agencies: readonly string[];
  /** Where scheduled reports and warnings reach this person; null: no e-mail. */
  readonly email: string | null;
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

export class TooManyAttemptsError extends DomainError {
  readonly code = 'TOO_MANY_ATTEMPTS';
}

/** An integration token as its owner may see it; the secret itself only once, when issued. */
export interface ApiTokenView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A signed-in browser: who, and the form token every POST of the session must carry. */
export interface WebSessionView {
  readonly user: AuthUser;
  readonly csrf: string;
}

/** The file beside the database that holds the first-run setup code while no admin exists. */
export const SETUP_CODE_FILE = 'setup-code';

const TOKEN_PREFIX = 'mutu_';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: ActorRole;
  readonly password: string;
  readonly holderNip?: string | null;
  readonly agencies?: readonly string[];
  readonly email?: string | null;
}

/** Who changes an account: a signed-in admin, or the command line (`cli:<name>`, no account). */
export type AccountOperator = Pick<AuthUser, 'id' | 'username' | 'role'>;

/** The one password rule, for new accounts and resets alike. */
const passwordProblems = (password: string, field = 'password') =>
  password.length >= 12 ? [] : [{ field, message: 'minimal 12 karakter' }];

/** Deliberately loose: the mail server is the judge; this catches typing slips. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

// A hash to verify against when the username is unknown, so both failures take as long.
const DUMMY_HASH = argon2.hash('mutu-dummy-password', { type: argon2.argon2id });

function authUser(user: Account): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    holderNip: user.holderNip ?? null,
    agencies: user.agencies,
    email: user.email ?? null,
    active: user.active,
  };
}

function tokenView(token: ApiToken): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class AuthService {
  private readonly jwt: JwtService;
  /**
   * Sign-in tokens whose signature this process checked, with subject and expiry: jsonwebtoken's
   * verify was a tenth of an authenticated request's CPU (test/bench/side-by-side.bench.ts), and
   * the same token comes back on every request until it expires. Only the exact token string
   * finds its entry, and the expiry is checked on every use, as jsonwebtoken checks it.
   */
  private readonly verified = new Map<string, { readonly subject: string; readonly expiresAt: number }>();
  private readonly ttlSeconds: number;
  private readonly maxFailures: number;
  private readonly idleMs: number;
  private readonly setupCodeFile: string;

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly sessions: WebSessionRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) config: MutuConfig,
  ) {
    this.maxFailures = config.loginMaxFailures;
    this.idleMs = config.web.idleMinutes * 60_000;
    this.setupCodeFile = join(config.dataDir, SETUP_CODE_FILE);
    this.jwt = new JwtService({
      // A key object made once: given the string, jsonwebtoken makes one on every sign and verify
      // (a measurable share of each authenticated request, test/bench/side-by-side.bench.ts).
      secret: createSecretKey(
        Buffer.from(persistentSecret(config.jwtSecret, config.dataDir, 'jwt-secret'), 'utf8'),
      ),
      signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' },
      verifyOptions: { algorithms: ['HS256'] },
    });
    this.ttlSeconds = config.jwtTtlSeconds;
  }

  /**
   * Checks the password and issues a short-lived bearer token. Wrong user and wrong password
   * look alike to the caller; every attempt is audited (never the password). At most
   * MUTU_LOGIN_MAX_FAILURES passwords per account and address are evaluated in a minute, however
   * many arrive at once and at however many API processes: each attempt first takes a slot in the
   * database (one atomic upsert), and only a success gives its slot back. The others get
   * TooManyAttemptsError (429) without their password being looked at.
   */
  async login(
    username: string,
    password: string,
  ): Promise<{ accessToken: string; expiresIn: number; user: AuthUser }> {
    const user = await this.checkPassword(username, password);
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, expiresIn: this.ttlSeconds, user: authUser(user) };
  }

  /**
   * Signs a browser in: the same password check and throttle as login(), then a server-side
   * session. Returns the cookie token (only its SHA-256 is stored) and the session's form token.
   */
  async startSession(username: string, password: string): Promise<WebSessionView & { token: string }> {
    const user = await this.checkPassword(username, password);
    return this.tx.run(() => this.openSession(user));
  }

  /**
   * The session behind a cookie token, or null when it is unknown, idle for longer than
   * MUTU_WEB_IDLE_MINUTES or its account deactivated. Using it keeps it alive.
   */
  session(token: string): Promise<WebSessionView | null> {
    return this.tx.run(async () => {
      const now = this.clock.now();
      const id = sha256(token);
      const row = await this.sessions.findLive(id, new Date(now.getTime() - this.idleMs));
      if (!row || !row.user.active) return null;
      // Writing on every page view would cost more than it tells; a minute is precise enough.
      if (now.getTime() - row.lastSeenAt.getTime() > 60_000) await this.sessions.touch(id, now);
      return { user: authUser(row.user), csrf: row.csrf };
    });
  }

  /** Signs a browser out; an unknown token is already signed out. */
  async endSession(token: string, user: AuthUser | null): Promise<void> {
    await this.tx.run(async () => {
      await this.sessions.delete(sha256(token));
      await this.sessions.deleteIdle(new Date(this.clock.now().getTime() - this.idleMs));
      if (user) {
        await this.audit.record({
          actor: { id: user.username, role: user.role },
          action: 'auth.logout',
          entityType: 'user',
          entityId: user.username,
        });
      }
    });
  }

  /**
   * Changes one's own password after checking the current one; the account's other browser
   * sessions end. Throws ValidationError naming `currentPassword` or `newPassword`.
   */
  changePassword(who: AuthUser, current: string, next: string, keepSession: string | null): Promise<void> {
    return this.tx.run(async () => {
      const user = await this.users.findById(who.id);
      if (!user || !user.active) throw new UnauthenticatedError('Akun tidak aktif');
      const problems = [
        ...((await argon2.verify(user.passwordHash, current))
          ? []
          : [{ field: 'currentPassword', message: 'kata sandi sekarang salah' }]),
        ...passwordProblems(next, 'newPassword'),
      ];
      if (problems.length) throw new ValidationError(problems, 'Kata sandi tidak diubah');
      await this.users.setPasswordHash(user, await hashPassword(next));
      await this.sessions.deleteOthersOf(user, keepSession && sha256(keepSession));
      await this.audit.record({
        actor: { id: user.username, role: user.role },
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.username,
      });
    });
  }

  /**
   * On a fresh install (no active ADMIN) the code that lets the first person in: generated once,
   * kept in `<data dir>/setup-code` (mode 0600) across restarts; null once an admin exists.
   */
  async firstRunCode(): Promise<string | null> {
    if (await this.tx.read(() => this.users.hasActiveAdmin())) return null;
    if (!existsSync(this.setupCodeFile)) {
      mkdirSync(join(this.setupCodeFile, '..'), { recursive: true });
      try {
        // 12 characters: short enough to type from the log, 72 random bits.
        writeFileSync(this.setupCodeFile, randomBytes(9).toString('base64url'), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return readFileSync(this.setupCodeFile, 'utf8').trim();
  }

  /** Whether the install still waits for its first admin. */
  needsFirstAdmin(): Promise<boolean> {
    return this.tx.read(async () => !(await this.users.hasActiveAdmin()));
  }

  /**
   * Creates the first ADMIN with the setup code from the server log, and signs them in. Refused
   * (ConflictError) once an admin exists; a wrong code is a ValidationError on `setupCode`.
   */
  createFirstAdmin(
    setupCode: string,
    input: Omit<NewUser, 'role' | 'holderNip' | 'agencies'>,
  ): Promise<WebSessionView & { token: string }> {
    return this.tx.run(async () => {
      await this.users.lockFirstRun();
      if (await this.users.hasActiveAdmin()) throw new ConflictError('Admin pertama sudah dibuat');
      const expected = existsSync(this.setupCodeFile) ? readFileSync(this.setupCodeFile) : null;
      const given = Buffer.from(setupCode.trim());
      if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
        await this.audit.record({
          actor: { id: input.username, role: 'ANONIM' },
          action: 'auth.setup_refused',
          entityType: 'user',
          entityId: input.username,
        });
        throw new ValidationError([{ field: 'setupCode', message: 'kode penyiapan salah' }], 'Kode salah');
      }
      const admin = await this.createUser(
        { ...input, role: 'ADMIN' },
        { id: 'penyiapan-pertama', role: 'SETUP' },
      );
      rmSync(this.setupCodeFile, { force: true });
      const user = await this.users.findById(admin.id);
      return this.openSession(user!);
    });
  }

  private async openSession(user: User): Promise<WebSessionView & { token: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('hex');
    await this.sessions.create({ id: sha256(token), user, csrf, at: this.clock.now() });
    return { token, csrf, user: authUser(user) };
  }

  /**
   * Checks a password, throttled: wrong user and wrong password look alike to the caller; every
   * attempt is audited (never the password), and after too many failures from one address in a
   * minute the account is refused there for a while (TooManyAttemptsError).
   */
  private async checkPassword(username: string, password: string): Promise<User> {
    const attempt = { actor: { id: username, role: 'ANONIM' }, entityType: 'user', entityId: username };
    const { clientIp } = currentRequestMeta();
    const taken = await this.tx.run(() => this.throttle.take(username, clientIp, this.clock.now()));
    if (taken > this.maxFailures) {
      await this.audit.recordAlone({ ...attempt, action: 'auth.login_throttled' });
      throw new TooManyAttemptsError('Terlalu banyak percobaan masuk yang gagal; coba lagi dalam satu menit');
    }
    const user = await this.tx.read(() => this.users.findByUsername(username));
    const valid = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !valid || !user.active) {
      await this.audit.recordAlone({ ...attempt, action: 'auth.login_failed' });
      throw new UnauthenticatedError('Nama pengguna atau kata sandi salah');
    }
    await this.tx.run(async () => {
      await this.throttle.giveBack(username, clientIp);
      await this.audit.record({
        ...attempt,
        actor: { id: user.username, role: user.role },
        action: 'auth.login',
      });
    });
    return user;
  }

  /**
   * The user behind a bearer credential (a sign-in JWT or an integration token), read fresh so
   * a deactivated account or a revoked token stops at once.
   */
  async authenticate(token: string): Promise<AuthUser> {
    if (token.startsWith(TOKEN_PREFIX)) return this.authenticateApiToken(token);
    const user = await this.users.findAccount(await this.subjectOf(token));
    if (!user || !user.active) throw new UnauthenticatedError('Akun tidak aktif');
    return authUser(user);
  }

  /** The subject of a valid, unexpired sign-in token; its signature is checked once per process. */
  private async subjectOf(token: string): Promise<string> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return known.subject;
    this.verified.delete(token);
    let claims: { sub: string; exp?: number };
    try {
      claims = await this.jwt.verifyAsync<{ sub: string; exp?: number }>(token);
    } catch {
      throw new UnauthenticatedError('Token tidak sah atau kedaluwarsa');
    }
    if (claims.exp !== undefined) {
      if (this.verified.size >= 10_000) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { subject: claims.sub, expiresAt: claims.exp * 1000 });
    }
    return claims.sub;
  }

  /** Creates an account; `by` is who creates it (an admin, or the command line). */
  createUser(input: NewUser, by: { id: string; role: string }): Promise<AuthUser> {
    const problems = [
      ...(/^[a-z0-9._-]{3,64}$/.test(input.username)
        ? []
        : [{ field: 'username', message: '3–64 huruf kecil, angka, titik, garis' }]),
      ...(ACTOR_ROLES.includes(input.role)
        ? []
        : [{ field: 'role', message: `harus salah satu dari ${ACTOR_ROLES.join(', ')}` }]),
      ...passwordProblems(input.password),
      ...(input.holderNip
        ? [nipProblem(input.holderNip)]
            .filter((problem) => problem !== null)
            .map((message) => ({ field: 'holderNip', message }))
        : input.role === 'PENGGUNA'
          ? [{ field: 'holderNip', message: 'PENGGUNA butuh NIP 18 digit' }]
          : []),
      ...(!input.email || EMAIL.test(input.email)
        ? []
        : [{ field: 'email', message: 'alamat e-mail tidak valid' }]),
      ...(input.role !== 'VERIFIKATOR' || input.agencies?.length
        ? []
        : [{ field: 'agencies', message: 'VERIFIKATOR butuh minimal satu OPD' }]),
    ];
    if (problems.length) throw new ValidationError(problems, 'Data pengguna tidak valid');
    return this.tx.run(async () => {
      if (await this.users.findByUsername(input.username)) {
        throw new ConflictError(`Nama pengguna "${input.username}" sudah dipakai`);
      }
      const user = await this.users.create({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash: await hashPassword(input.password),
        holderNip: input.holderNip ?? null,
        agencies: [...(input.agencies ?? [])],
        email: input.email ?? null,
      });
      const created = authUser(user);
      await this.audit.record({
        actor: by,
        action: 'user.created',
        entityType: 'user',
        entityId: created.username,
        after: {
          role: created.role,
          displayName: created.displayName,
          holderNip: created.holderNip,
          agencies: created.agencies,
        },
      });
      return created;
    });
  }

  /** Issues an integration token acting as `owner`; the token is returned this once only. */
  issueToken(owner: AuthUser, name: string): Promise<ApiTokenView & { token: string }> {
    return this.tx.run(async () => {
      const user = await this.users.findById(owner.id);
      if (!user) throw new NotFoundError('Pengguna', owner.username);
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await this.tokens.create({
        user,
        name: name.trim() || 'token',
        prefix: token.slice(0, 12),
        sha256: sha256(token),
        createdAt: this.clock.now(),
      });
      const view = tokenView(row);
      await this.audit.record({
        actor: { id: owner.username, role: owner.role },
        action: 'token.issued',
        entityType: 'api_token',
        entityId: row.id,
        after: view,
      });
      return { ...view, token };
    });
  }

  listTokens(owner: AuthUser): Promise<ApiTokenView[]> {
    return this.tx.read(async () => {
      const user = await this.users.findById(owner.id);
      return user ? (await this.tokens.listOf(user)).map(tokenView) : [];
    });
  }

  /** Revokes a token of one's own; admins may revoke anyone's. Others' tokens answer 404. */
  revokeToken(actor: AuthUser, id: string): Promise<ApiTokenView> {
    return this.tx.run(async () => {
      const token = isUuidShaped(id) ? await this.tokens.findById(id) : null;
      if (!token || (token.user.id !== actor.id && actor.role !== 'ADMIN'))
        throw new NotFoundError('Token', id);
      if (!token.revokedAt) {
        const before = tokenView(token);
        await this.tokens.revoke(token, this.clock.now());
        await this.audit.record({
          actor: { id: actor.username, role: actor.role },
          action: 'token.revoked',
          entityType: 'api_token',
          entityId: token.id,
          before,
          after: tokenView(token),
        });
      }
      return tokenView(token);
    });
  }

  private authenticateApiToken(token: string): Promise<AuthUser> {
    return this.tx.read(async () => {
      const row = await this.tokens.findUsable(sha256(token));
      if (!row || !row.user.active) throw new UnauthenticatedError('Token tidak sah atau sudah dicabut');
      const now = this.clock.now();
      // Marking every request would write on every read; once a minute says enough.
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
        await this.tokens.touch(row, now);
      return authUser(row.user);
    });
  }

  listUsers(): Promise<AuthUser[]> {
    return this.tx.read(async () => (await this.users.list()).map(authUser));
  }

  /** Stops an account at once (its tokens and sessions with it); the record and its history stay. */
  deactivateUser(username: string, by: AccountOperator): Promise<AuthUser> {
    return this.tx.run(async () => {
      const user = await this.users.findByUsername(username);
      if (!user) throw new NotFoundError('Pengguna', username);
      if (user.id === by.id) throw new ConflictError('Akun sendiri tidak dapat dinonaktifkan');
      if (user.active) {
        await this.users.deactivate(user);
        await this.audit.record({
          actor: { id: by.username, role: by.role },
          action: 'user.deactivated',
          entityType: 'user',
          entityId: username,
          before: { active: true },
          after: { active: false },
        });
      }
      return authUser(user);
    });
  }

  /**
   * Sets a new password for someone who lost theirs (an admin's act, or the command line's),
   * ending the account's browser sessions; audited as `user.password_reset`, never with the password. Errors: ValidationError (field
   * `password`, under 12 characters), NotFoundError (no such username).
   */
  resetPassword(username: string, password: string, by: AccountOperator): Promise<AuthUser> {
    const problems = passwordProblems(password);
    if (problems.length) throw new ValidationError(problems, 'Kata sandi baru tidak valid');
    return this.tx.run(async () => {
      const user = await this.users.findByUsername(username);
      if (!user) throw new NotFoundError('Pengguna', username);
      await this.users.setPasswordHash(user, await hashPassword(password));
      // Whoever knew the old password is out at once: every browser session of the account ends.
      await this.sessions.deleteOthersOf(user, null);
      await this.audit.record({
        actor: { id: by.username, role: by.role },
        action: 'user.password_reset',
        entityType: 'user',
        entityId: username,
      });
      return authUser(user);
    });
  }
}
