import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

@Injectable()
export class DatabaseHealth {
  constructor(private readonly em: EntityManager) {}

  /** Round-trips one query; throws when the database does not answer. */
  async ping(): Promise<void> {
    await this.em.execute('SELECT 1');
  }
}
