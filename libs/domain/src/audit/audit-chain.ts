import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an audit event says; the chain hashes exactly this. */
export interface AuditContent {
  readonly seq: number;
  readonly occurredAt: string;
  readonly actorId: string;
  readonly actorRole: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string | null;
  readonly clientIp: string | null;
}

export interface ChainedEvent extends AuditContent {
  readonly prevHash: string;
  readonly hash: string;
}

export interface Checkpoint {
  readonly seq: number;
  readonly headHash: string;
  readonly createdAt: string;
  readonly signature: string;
}

export function chainHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}

export function signCheckpoint(key: string, checkpoint: Omit<Checkpoint, 'signature'>): string {
  return createHmac('sha256', key)
    .update(`${checkpoint.seq}|${checkpoint.headHash}|${checkpoint.createdAt}`)
    .digest('hex');
}

export type ChainBreak =
  | 'modified' // the event's content no longer gives its hash
  | 'missing' // a sequence number is absent
  | 'relinked' // the event does not point at the hash of the one before it
  | 'truncated' // a signed checkpoint names events that are gone or different
  | 'forged_checkpoint'; // a checkpoint's signature does not verify

export interface ChainReport {
  readonly ok: boolean;
  readonly checkedEvents: number;
  readonly lastSeq: number;
  /** The first sequence number at which the chain can no longer be trusted. */
  readonly brokenAt: number | null;
  readonly reason: ChainBreak | null;
  readonly message: string;
}

const MESSAGES: Record<ChainBreak, string> = {
  modified: 'isi peristiwa diubah',
  missing: 'peristiwa hilang',
  relinked: 'urutan atau rantai peristiwa diubah',
  truncated: 'peristiwa terbaru dihapus (tidak cocok dengan checkpoint bertanda tangan)',
  forged_checkpoint: 'tanda tangan checkpoint tidak sah',
};

/**
 * Walks the chain in sequence order, one event at a time (so a long trail needs no memory),
 * and then holds it against the signed checkpoints.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private readonly hashAt = new Map<number, string>();
  private problem: { seq: number; reason: ChainBreak } | null = null;
  private readonly checkpointSeqs: ReadonlySet<number>;

  constructor(
    private readonly checkpoints: readonly Checkpoint[],
    private readonly key: string,
  ) {
    this.checkpointSeqs = new Set(checkpoints.map((c) => c.seq));
  }

  /** Feeds the next event; returns false once the chain is broken (the rest need not be read). */
  push(event: ChainedEvent): boolean {
    if (this.problem) return false;
    this.checked++;
    const { prevHash, hash, ...content } = event;
    if (event.seq !== this.expectedSeq) return this.fail(this.expectedSeq, 'missing');
    if (chainHash(prevHash, content) !== hash) return this.fail(event.seq, 'modified');
    if (prevHash !== this.prevHash) return this.fail(event.seq, 'relinked');
    if (this.checkpointSeqs.has(event.seq)) this.hashAt.set(event.seq, hash);
    this.prevHash = hash;
    this.expectedSeq++;
    return true;
  }

  finish(): ChainReport {
    const lastSeq = this.expectedSeq - 1;
    if (!this.problem) {
      for (const checkpoint of [...this.checkpoints].sort((a, b) => a.seq - b.seq)) {
        if (!safeEqual(signCheckpoint(this.key, checkpoint), checkpoint.signature)) {
          this.fail(Math.min(checkpoint.seq, lastSeq + 1), 'forged_checkpoint');
          break;
        }
        if (checkpoint.seq > lastSeq) {
          this.fail(lastSeq + 1, 'truncated');
          break;
        }
        if (checkpoint.seq > 0 && this.hashAt.get(checkpoint.seq) !== checkpoint.headHash) {
          this.fail(checkpoint.seq, 'truncated');
          break;
        }
      }
    }
    const problem = this.problem as { seq: number; reason: ChainBreak } | null;
    return {
      ok: problem === null,
      checkedEvents: this.checked,
      lastSeq,
      brokenAt: problem?.seq ?? null,
      reason: problem?.reason ?? null,
      message: problem
        ? `Jejak audit rusak pada nomor urut ${problem.seq}: ${MESSAGES[problem.reason]}`
        : `Jejak audit utuh: ${this.checked} peristiwa, ${this.checkpoints.length} checkpoint`,
    };
  }

  private fail(seq: number, reason: ChainBreak): false {
    this.problem = { seq, reason };
    return false;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
