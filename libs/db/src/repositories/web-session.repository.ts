import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { type User, WebSession } from '../entities/user.entity';

/** Browser sessions, by the SHA-256 of their cookie token. */
@Injectable()
export class WebSessionRepository {
  constructor(private readonly em: EntityManager) {}

  async create(fields: { id: string; user: User; csrf: string; at: Date }): Promise<WebSession> {
    const session = this.em.create(WebSession, {
      id: fields.id,
      user: fields.user,
      csrf: fields.csrf,
      createdAt: fields.at,
      lastSeenAt: fields.at,
    });
    await this.em.flush();
    return session;
  }

  /** The session with its user, if it was used at or after `usedSince`. */
  findLive(id: string, usedSince: Date): Promise<WebSession | null> {
    return this.em.findOne(WebSession, { id, lastSeenAt: { $gte: usedSince } }, { populate: ['user'] });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.em.nativeUpdate(WebSession, { id }, { lastSeenAt: at });
  }

  async delete(id: string): Promise<void> {
    await this.em.nativeDelete(WebSession, { id });
  }

  /** Ends every session of a user but one (after a password change, the other browsers). */
  async deleteOthersOf(user: User, keep: string | null): Promise<void> {
    await this.em.nativeDelete(WebSession, { user, ...(keep && { id: { $ne: keep } }) });
  }

  /** Forgets sessions idle since before `before`; they can no longer be used anyway. */
  async deleteIdle(before: Date): Promise<void> {
    await this.em.nativeDelete(WebSession, { lastSeenAt: { $lt: before } });
  }
}
