import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ActorRole } from '@mutu/domain';
import { User } from '../entities/user.entity';

@Injectable()
export class UserRepository {
  constructor(private readonly em: EntityManager) {}

  findByUsername(username: string): Promise<User | null> {
    return this.em.findOne(User, { username });
  }

  findById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }

  list(): Promise<User[]> {
    return this.em.find(User, {}, { orderBy: { username: 'asc' } });
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
  }): Promise<User> {
    const user = this.em.create(User, { ...fields, active: true });
    await this.em.flush();
    return user;
  }
}
