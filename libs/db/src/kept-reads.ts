import { Injectable } from '@nestjs/common';
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
 * Answers of read-only statements over renewals and their steps (the compliance figures' counts
 * and ended steps, the trend's months), kept in this process until a write to a renewal, its
 * steps, holder or agency, or to the SOP versions or calendar is heard (ChangeFeed, kind
 * 'renewal'). All of them go on any such write: a statement over a period may count any renewal.
 * Only what does not depend on the moment judged at may be kept (issue 14: a month that no write
 * touched is not counted again for every report; what is judged at `now` is always read).
 * Keyed by the statement's text and parameters. About 2–20 KB each: 4 MB at most.
 */
@Injectable()
export class KeptReads {
  private readonly answers: KeptEntries<unknown>;

  constructor(feed: ChangeFeed) {
    this.answers = feed.entries('renewal', 200, { whole: true });
  }

  /**
   * A read of `sql` with `params` by `load`, planned now: to be called before the snapshot `load`
   * reads is taken (TransactionRunner.snapshotParts exports its snapshot after its parts were
   * made), so that a write committed before that snapshot cannot be missed by the answer kept.
   */
  plan<T>(sql: string, params: readonly unknown[], load: () => Promise<T>): PlannedRead<T> {
    const key = `${sql}\u0000${JSON.stringify(params)}`;
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
