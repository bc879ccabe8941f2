import { Injectable } from '@nestjs/common';
import { RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';

/**
 * Every service method names its boundary: `run` for a transaction, `read` for reads. Both give
 * the work a unit of work of its own (HTTP request, CLI command or cron run alike); repositories
 * use the injected EntityManager, which MikroORM resolves to that context, so everything a
 * service method writes (its audit event included) commits or rolls back together.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly em: EntityManager) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.read(() => this.em.transactional(() => work()));
  }

  read<T>(work: () => Promise<T>): Promise<T> {
    if (RequestContext.currentRequestContext()) return work();
    return RequestContext.create(this.em, work);
  }
}
