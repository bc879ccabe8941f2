import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ActorRole } from '@mutu/domain';
import { ChangeFeed, type KeptEntries } from '../change-feed';
import { User } from '../entities/user.entity';

/** An account as a request's caller is known by: who, with which role and scope. */
export type Account = Pick<
  User,
  'id' | 'username' | 'displayName' | 'role' | 'holderNip' | 'agencies' | 'email' | 'active'
>;

@Injectable()
export class UserRepository {
  /** Accounts by id, as every authenticated request reads them; dropped on any write to app_user. */
  private readonly accounts: KeptEntries<Account>;

  constructor(
    private readonly em: EntityManager,
    feed: ChangeFeed,
  ) {
    this.accounts = feed.entries('account', 10_000);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.em.findOne(User, { username });
  }

  findById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }

  /**
   * The account with this id. Every authenticated request asks, so it is kept in process
   * (ChangeFeed): a deactivation or a role change, committed by whichever process, drops it and
   * counts from the next request. Inside a transaction it is read through it.
   */
  findAccount(id: string): Promise<Account | null> {
    if (this.em.isInTransaction()) return this.readAccount(id);
    return this.accounts.read(id, () => this.readAccount(id));
  }

  /** One plain statement with no unit of work. */
  private async readAccount(id: string): Promise<Account | null> {
    const [row] = await this.em.execute<Account[]>(
      `SELECT id, username, display_name AS "displayName", role, holder_nip AS "holderNip", agencies, email, active
         FROM app_user WHERE id = ?`,
      [id],
    );
    return row ?? null;
  }

  list(): Promise<User[]> {
    return this.em.find(User, {}, { orderBy: { username: 'asc' } });
  }

  /**
   * E-mail addresses of the active accounts of a role; with `agency`, only those serving it
   * (a verifier's agencies).
   */
  async emailsOf(role: ActorRole, agency?: string): Promise<string[]> {
    const rows = await this.em.execute<{ email: string }[]>(
      `SELECT DISTINCT email FROM app_user
        WHERE active AND role = ? AND email IS NOT NULL
          AND (?::text IS NULL OR agencies @> jsonb_build_array(?::text))
        ORDER BY email`,
      [role, agency ?? null, agency ?? null],
    );
    return rows.map((r) => r.email);
  }

  /** Whether an active ADMIN exists: a fresh install has none until its first-run setup. */
  async hasActiveAdmin(): Promise<boolean> {
    return (await this.em.count(User, { role: 'ADMIN', active: true })) > 0;
  }

  /**
   * Serialises first-run setups until the transaction ends, so two people racing through the
   * setup page cannot both create "the first" admin.
   */
  async lockFirstRun(): Promise<void> {
    await this.em.execute(`SELECT pg_advisory_xact_lock(hashtext('mutu:first-admin'))`);
  }

  async setPasswordHash(user: User, passwordHash: string): Promise<void> {
    user.passwordHash = passwordHash;
    await this.em.flush();
  }

  async deactivate(user: User): Promise<void> {
    user.active = false;
    await this.em.flush();
  }

  async create(fields: {
    username: string;
    displayName: string;
    role: ActorRole;
    passwordHash: string;
    holderNip: string | null;
    agencies: string[];
    email: string | null;
  }): Promise<User> {
    const user = this.em.create(User, { ...fields, active: true });
    await this.em.flush();
    return user;
  }
}
