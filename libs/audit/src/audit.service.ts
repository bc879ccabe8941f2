import { Inject, Injectable } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig, persistentSecret } from '@mutu/config';
import { type AuditFilter, AuditRepository, TransactionRunner } from '@mutu/db';
import {
  type AuditContent,
  canonicalJson,
  chainHashOf,
  type ChainedEvent,
  chainReport,
  type ChainReport,
  ChainSegment,
  type Checkpoint,
  signCheckpoint,
  readPage,
} from '@mutu/domain';
import { currentRequestMeta } from './request-meta';

export interface AuditEntry {
  readonly actor: { readonly id: string; readonly role: string };
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** JSON as PostgreSQL's jsonb will give it back, so what is hashed is what is stored. */
function asStored(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

// Stretches of the chain verified at once (each a database connection of its own, beside the
// pool), the fewest events worth a stretch of their own, and the most: one stretch is one
// statement, which must end well within the statement timeout (a minute by default) on a busy
// server (~10 µs an event read on 2 loaded cores).
const VERIFY_STRETCHES = 4;
const MIN_STRETCH = 20_000;
const MAX_STRETCH = 500_000;

@Injectable()
export class AuditService {
  private readonly key: string;

  constructor(
    private readonly audit: AuditRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) config: MutuConfig,
  ) {
    this.key = persistentSecret(config.auditKey, config.dataDir, 'audit-key');
  }

  /**
   * Appends an event to the chain. Call it inside the service method's transaction, so the
   * event commits (or not) with the change it describes.
   */
  async record(entry: AuditEntry): Promise<ChainedEvent> {
    const head = await this.audit.lockHead();
    const meta = currentRequestMeta();
    const content: AuditContent = {
      seq: head.seq + 1,
      occurredAt: this.clock.now().toISOString(),
      actorId: entry.actor.id,
      actorRole: entry.actor.role,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: asStored(entry.before),
      after: asStored(entry.after),
      requestId: meta.requestId,
      clientIp: meta.clientIp,
    };
    const canonical = canonicalJson(content);
    const hash = chainHashOf(head.hash, canonical);
    await this.audit.append({ seq: content.seq, canonical, prevHash: head.hash, hash });
    return { ...content, prevHash: head.hash, hash };
  }

  /** Records an event in a transaction of its own (e.g. a failed sign-in, where nothing else commits). */
  recordAlone(entry: AuditEntry): Promise<ChainedEvent> {
    return this.tx.run(() => this.record(entry));
  }

  /** The chain's newest event (sequence number and hash); joins the caller's transaction if any. */
  head(): Promise<{ seq: number; hash: string }> {
    return this.tx.read(() => this.audit.head());
  }

  /** Signs the chain's current head, so that deleting the newest events becomes detectable. */
  checkpoint(): Promise<Checkpoint> {
    return this.tx.run(async () => {
      const head = await this.audit.lockHead();
      const unsigned = { seq: head.seq, headHash: head.hash, createdAt: this.clock.now().toISOString() };
      const checkpoint = { ...unsigned, signature: signCheckpoint(this.key, unsigned) };
      await this.audit.addCheckpoint(checkpoint);
      return checkpoint;
    });
  }

  /**
   * Checks the whole chain and the signed checkpoints; names the first sequence number that
   * breaks. The chain is read in stretches, VERIFY_STRETCHES at once (each event's stored
   * canonical bytes, its only content, streamed by several backends and hashed by Node as they
   * come); only the joins between stretches are then checked in order. Events appended
   * meanwhile are left for the next verification.
   */
  verify(): Promise<ChainReport> {
    return this.tx.read(async () => {
      // Checkpoints before the head: every checkpoint read then names an event at or before it.
      const checkpoints = await this.audit.checkpoints();
      const { seq: last } = await this.audit.head();
      const checkpointSeqs = new Set(checkpoints.map((c) => c.seq));
      const size = Math.min(MAX_STRETCH, Math.max(MIN_STRETCH, Math.ceil(last / VERIFY_STRETCHES)));
      const stretches: { segment: ChainSegment; to: number }[] = [];
      for (let from = 1; from <= last; from += size) {
        stretches.push({
          segment: new ChainSegment(from, checkpointSeqs),
          to: Math.min(last, from + size - 1),
        });
      }
      const waiting = [...stretches];
      await Promise.all(
        Array.from({ length: Math.min(VERIFY_STRETCHES, stretches.length) }, async () => {
          for (let next = waiting.shift(); next; next = waiting.shift()) {
            const { segment, to } = next;
            await this.audit.readLinks(segment.fromSeq, to, (link) => segment.push(link));
            segment.end(to);
          }
        }),
      );
      return chainReport(
        stretches.map((s) => s.segment),
        checkpoints,
        this.key,
      );
    });
  }

  search(filter: AuditFilter, page: number, pageSize: number) {
    return this.tx.read(() =>
      readPage(
        page,
        pageSize,
        (window) => this.audit.search(filter, window),
        (event) => event,
      ),
    );
  }

  /** Every event about one entity, oldest first. */
  async history(entityType: string, entityId: string): Promise<ChainedEvent[]> {
    return (await this.search({ entityType, entityId }, 1, 10_000)).items;
  }
}
