import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import { AuditService } from '@mutu/audit';
import { Clock, MUTU_CONFIG, type MutuConfig, persistentSecret } from '@mutu/config';
import { type ApiToken, ApiTokenRepository, TransactionRunner, UserRepository, type User } from '@mutu/db';
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

/** Deliberately loose: the mail server is the judge; this catches typing slips. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// A hash to verify against when the username is unknown, so both failures take as long.
const DUMMY_HASH = argon2.hash('mutu-dummy-password', { type: argon2.argon2id });

function authUser(user: User): AuthUser {
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
  private readonly ttlSeconds: number;
  private readonly maxFailures: number;

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) config: MutuConfig,
  ) {
    this.maxFailures = config.loginMaxFailures;
    this.jwt = new JwtService({
      secret: persistentSecret(config.jwtSecret, config.dataDir, 'jwt-secret'),
      signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' },
      verifyOptions: { algorithms: ['HS256'] },
    });
    this.ttlSeconds = config.jwtTtlSeconds;
  }

  /**
   * Checks the password and issues a short-lived bearer token. Wrong user and wrong password
   * look alike to the caller; every attempt is audited (never the password), and after too many
   * failures from one address in a minute the account is refused there for a while.
   */
  async login(
    username: string,
    password: string,
  ): Promise<{ accessToken: string; expiresIn: number; user: AuthUser }> {
    const attempt = { actor: { id: username, role: 'ANONIM' }, entityType: 'user', entityId: username };
    // Counted from the audit trail, so every API process sees the same failures.
    const since = new Date(this.clock.now().getTime() - 60_000);
    if ((await this.audit.countRecentFromHere('auth.login_failed', username, since)) >= this.maxFailures) {
      await this.audit.recordAlone({ ...attempt, action: 'auth.login_throttled' });
      throw new TooManyAttemptsError('Terlalu banyak percobaan masuk yang gagal; coba lagi dalam satu menit');
    }
    const user = await this.tx.read(() => this.users.findByUsername(username));
    const valid = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !valid || !user.active) {
      await this.audit.recordAlone({ ...attempt, action: 'auth.login_failed' });
      throw new UnauthenticatedError('Nama pengguna atau kata sandi salah');
    }
    await this.audit.recordAlone({
      ...attempt,
      actor: { id: user.username, role: user.role },
      action: 'auth.login',
    });
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, expiresIn: this.ttlSeconds, user: authUser(user) };
  }

  /**
   * The user behind a bearer credential (a sign-in JWT or an integration token), read fresh so
   * a deactivated account or a revoked token stops at once.
   */
  authenticate(token: string): Promise<AuthUser> {
    if (token.startsWith(TOKEN_PREFIX)) return this.authenticateApiToken(token);
    return this.tx.read(async () => {
      let subject: string;
      try {
        subject = (await this.jwt.verifyAsync<{ sub: string }>(token)).sub;
      } catch {
        throw new UnauthenticatedError('Token tidak sah atau kedaluwarsa');
      }
      const user = await this.users.findById(subject);
      if (!user || !user.active) throw new UnauthenticatedError('Akun tidak aktif');
      return authUser(user);
    });
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
      ...(input.password.length >= 12 ? [] : [{ field: 'password', message: 'minimal 12 karakter' }]),
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
        passwordHash: await argon2.hash(input.password, { type: argon2.argon2id }),
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
  deactivateUser(username: string, by: AuthUser): Promise<AuthUser> {
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
}
