import { Inject, Injectable } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig, persistentSecret } from '@mutu/config';
import { type AuditFilter, AuditRepository, TransactionRunner } from '@mutu/db';
import {
  type AuditContent,
  chainHash,
  type ChainedEvent,
  type ChainReport,
  ChainVerifier,
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
    const event = { ...content, prevHash: head.hash, hash: chainHash(head.hash, content) };
    await this.audit.append(event);
    return event;
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

  /** Walks the whole chain and the signed checkpoints; names the first sequence number that breaks. */
  verify(): Promise<ChainReport> {
    return this.tx.read(async () => {
      const verifier = new ChainVerifier(await this.audit.checkpoints(), this.key);
      for await (const event of this.audit.events()) if (!verifier.push(event)) break;
      return verifier.finish();
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
