import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ChangeFeed, type KeptEntries } from './change-feed';

/**
 * A read planned before the snapshot it runs in is taken (KeptReads.plan): the answer kept for
 * its statement, if there is one, and `read`, which gives that or reads it.
 */
export interface PlannedRead<T> {
  readonly kept: T | undefined;
  /** The kept answer, else the one read now, kept unless a write was heard since the plan. */
  read(): Promise<T>;
}

/**
 * Answers of read-only statements over renewals and their ended steps (the compliance figures'
 * counts, lead times and ended steps, the trend's months), kept in this process until a write to
 * a renewal, an ended step, a holder, an agency or a SOP version is heard (ChangeFeed, kind
 * 'figures', Migration20261201180002_figures_changes). All of them go on any such write: a
 * statement over a period may count any renewal. Only what does not depend on the moment judged
 * at may be kept (issue 14: a month that no write touched is not counted again for every report;
 * what is judged at `now`, the running steps, is always read). Not inside a caller's transaction,
 * whose own writes no kept answer knows. Keyed by a hash of the statement and its parameters;
 * at most 200 answers, each the few rows of a period's figures (a year with every breakdown,
 * 12 agencies: about 60 KB).
 */
@Injectable()
export class KeptReads {
  private readonly answers: KeptEntries<unknown>;

  constructor(
    feed: ChangeFeed,
    private readonly em: EntityManager,
  ) {
    this.answers = feed.entries('figures', 200);
  }

  /**
   * A read of `sql` with `params` by `load`, planned now: to be called before the snapshot `load`
   * reads is taken (TransactionRunner.snapshotParts exports its snapshot after its parts were
   * made), so that a write committed before that snapshot cannot be missed by the answer kept.
   */
  plan<T>(sql: string, params: readonly unknown[], load: () => Promise<T>): PlannedRead<T> {
    if (this.em.isInTransaction()) return { kept: undefined, read: load };
    const key = createHash('sha256')
      .update(sql)
      .update('\u0000')
      .update(JSON.stringify(params))
      .digest('base64');
    const since = this.answers.since();
    const kept = this.answers.get(key) as T | undefined;
    return {
      kept,
      read: async () => {
        if (kept !== undefined) return kept;
        const answer = await load();
        this.answers.keep(since, key, answer);
        return answer;
      },
    };
  }
}
