import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import { AuditService } from '@mutu/audit';
import { MUTU_CONFIG, type MutuConfig, persistentSecret } from '@mutu/config';
import { TransactionRunner, UserRepository, type User } from '@mutu/db';
import { type ActorRole, ACTOR_ROLES, ConflictError, DomainError, ValidationError } from '@mutu/domain';

/** Who is calling, as every service sees it: identity, role and scope. */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: ActorRole;
  readonly holderNip: string | null;
  readonly agencies: readonly string[];
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: ActorRole;
  readonly password: string;
  readonly holderNip?: string | null;
  readonly agencies?: readonly string[];
}

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
  };
}

@Injectable()
export class AuthService {
  private readonly jwt: JwtService;
  private readonly ttlSeconds: number;

  constructor(
    private readonly users: UserRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(MUTU_CONFIG) config: MutuConfig,
  ) {
    this.jwt = new JwtService({
      secret: persistentSecret(config.jwtSecret, config.dataDir, 'jwt-secret'),
      signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' },
      verifyOptions: { algorithms: ['HS256'] },
    });
    this.ttlSeconds = config.jwtTtlSeconds;
  }

  /** Checks the password and issues a short-lived bearer token. Wrong user and wrong password look alike. */
  login(
    username: string,
    password: string,
  ): Promise<{ accessToken: string; expiresIn: number; user: AuthUser }> {
    return this.tx.read(async () => {
      const user = await this.users.findByUsername(username);
      const valid = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), password);
      if (!user || !valid || !user.active)
        throw new UnauthenticatedError('Nama pengguna atau kata sandi salah');
      const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
      return { accessToken, expiresIn: this.ttlSeconds, user: authUser(user) };
    });
  }

  /** The user behind a bearer token, read fresh so a deactivated account stops at once. */
  authenticate(token: string): Promise<AuthUser> {
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
      ...(input.role !== 'PENGGUNA' || /^\d{18}$/.test(input.holderNip ?? '')
        ? []
        : [{ field: 'holderNip', message: 'PENGGUNA butuh NIP 18 digit' }]),
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
}
