import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken, type User } from '../entities/user.entity';

@Injectable()
export class ApiTokenRepository {
  constructor(private readonly em: EntityManager) {}

  async create(fields: {
    user: User;
    name: string;
    prefix: string;
    sha256: string;
    createdAt: Date;
  }): Promise<ApiToken> {
    const token = this.em.create(ApiToken, { ...fields, lastUsedAt: null, revokedAt: null });
    await this.em.flush();
    return token;
  }

  /** A token that may still be used, with its user. */
  findUsable(sha256: string): Promise<ApiToken | null> {
    return this.em.findOne(ApiToken, { sha256, revokedAt: null }, { populate: ['user'] });
  }

  findById(id: string): Promise<ApiToken | null> {
    return this.em.findOne(ApiToken, { id }, { populate: ['user'] });
  }

  listOf(user: User): Promise<ApiToken[]> {
    return this.em.find(ApiToken, { user }, { orderBy: { createdAt: 'desc' } });
  }

  async touch(token: ApiToken, at: Date): Promise<void> {
    await this.em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: at });
  }

  async revoke(token: ApiToken, at: Date): Promise<void> {
    token.revokedAt = at;
    await this.em.flush();
  }
}
