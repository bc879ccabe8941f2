import { createHmac, hash, timingSafeEqual } from 'node:crypto';
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
  return chainHashOf(prevHash, canonicalJson(content));
}

/**
 * The same hash from an event's canonical JSON (`canonicalJson(content)`), as stored beside it.
 * One-shot hash() of the joined text (the hex hash is ASCII, so its UTF-8 bytes join the same):
 * a third of the time of a Hash object per event, which a verification makes by the million.
 */
export function chainHashOf(prevHash: string, canonical: string): string {
  return hash('sha256', prevHash + canonical, 'hex');
}

/** An event as stored: its canonical JSON (its only content) and its two hashes. */
export interface StoredEvent {
  readonly seq: number;
  readonly canonical: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Hex digits of a SHA-256 hash. */
const HASH_HEX_LENGTH = 64;

/**
 * One stored link as a verification reads it: the bytes its hash was taken over (`hashed`: the
 * previous hash's hex digits, then the event's canonical JSON in UTF-8) and the stored hash.
 */
export interface ChainLink {
  readonly seq: number;
  readonly hashed: Buffer;
  readonly hash: string;
}

/**
 * Whether a link's canonical JSON is that of the event numbered `seq`, without parsing it:
 * `seq` is the last of AuditContent's keys in canonical (sorted) order, so its value ends the text.
 */
function isOfSeq(hashed: Buffer, seq: number): boolean {
  const end = `"seq":${seq}}`;
  return (
    hashed.length > HASH_HEX_LENGTH + end.length &&
    hashed.toString('latin1', hashed.length - end.length) === end
  );
}

/** The event a stored link records, read back from its canonical JSON (the bytes that were hashed). */
export function chainedEventOf(stored: StoredEvent): ChainedEvent {
  const c = JSON.parse(stored.canonical) as AuditContent;
  return {
    seq: c.seq,
    occurredAt: c.occurredAt,
    actorId: c.actorId,
    actorRole: c.actorRole,
    action: c.action,
    entityType: c.entityType,
    entityId: c.entityId,
    before: c.before,
    after: c.after,
    requestId: c.requestId,
    clientIp: c.clientIp,
    prevHash: stored.prevHash,
    hash: stored.hash,
  };
}

export function signCheckpoint(key: string, checkpoint: Omit<Checkpoint, 'signature'>): string {
  return createHmac('sha256', key)
    .update(`${checkpoint.seq}|${checkpoint.headHash}|${checkpoint.createdAt}`)
    .digest('hex');
}

export type ChainBreak =
  | 'modified' // the event's content no longer gives its hash (or is another event's)
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

type Problem = { readonly seq: number; readonly reason: ChainBreak };

/**
 * One stretch of the chain from `fromSeq` on, checked in order: each link's hash over its
 * canonical bytes and each link to the one before it inside the stretch. How it joins the
 * stretch before it is checked by `chainReport`, so stretches can be read and hashed in
 * parallel. Needs no memory beyond the hashes at checkpoint sequence numbers.
 */
export class ChainSegment {
  private expectedSeq: number;
  private prevHash: string | null = null;
  /** The first link's pointer back, to hold against the previous stretch's last hash. */
  firstPrevHash: string | null = null;
  checked = 0;
  problem: Problem | null = null;
  readonly hashAt = new Map<number, string>();

  constructor(
    readonly fromSeq: number,
    private readonly checkpointSeqs: ReadonlySet<number>,
  ) {
    this.expectedSeq = fromSeq;
  }

  /** The hash of the stretch's last link so far (null while empty). */
  get lastHash(): string | null {
    return this.prevHash;
  }

  /** The sequence number after the last link checked. */
  get nextSeq(): number {
    return this.expectedSeq;
  }

  /** Feeds the next link; returns false once the stretch is broken (the rest need not be read). */
  push(link: ChainLink): boolean {
    if (this.problem) return false;
    this.checked++;
    if (link.seq !== this.expectedSeq) return this.fail(this.expectedSeq, 'missing');
    if (!isOfSeq(link.hashed, link.seq) || hash('sha256', link.hashed, 'hex') !== link.hash) {
      return this.fail(link.seq, 'modified');
    }
    const prevHash = link.hashed.toString('latin1', 0, HASH_HEX_LENGTH);
    if (this.prevHash === null) this.firstPrevHash = prevHash;
    else if (prevHash !== this.prevHash) return this.fail(link.seq, 'relinked');
    if (this.checkpointSeqs.has(link.seq)) this.hashAt.set(link.seq, link.hash);
    this.prevHash = link.hash;
    this.expectedSeq++;
    return true;
  }

  /** Links the stretch should have held up to `toSeq` (inclusive) but did not are missing. */
  end(toSeq: number): void {
    if (!this.problem && this.expectedSeq <= toSeq) this.fail(this.expectedSeq, 'missing');
  }

  private fail(seq: number, reason: ChainBreak): false {
    this.problem = { seq, reason };
    return false;
  }
}

/**
 * The verdict over consecutive stretches (in sequence order, the first from 1) and the signed
 * checkpoints: the first sequence number at which the chain can no longer be trusted, as a walk
 * from the genesis would find it (within an event: missing, then modified, then relinked).
 */
export function chainReport(
  segments: readonly ChainSegment[],
  checkpoints: readonly Checkpoint[],
  key: string,
): ChainReport {
  let problem: Problem | null = null;
  let checked = 0;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  const hashAt = new Map<number, string>();
  for (const segment of segments) {
    const joined = segment.firstPrevHash === null || segment.firstPrevHash === prevHash;
    if (segment.problem && segment.problem.seq === segment.fromSeq) problem = segment.problem;
    else if (!joined) problem = { seq: segment.fromSeq, reason: 'relinked' };
    else problem = segment.problem;
    if (problem) {
      checked += segment.problem ? segment.checked : 1;
      lastSeq = problem.seq - 1;
      break;
    }
    checked += segment.checked;
    lastSeq = segment.nextSeq - 1;
    prevHash = segment.lastHash ?? prevHash;
    for (const [seq, hash] of segment.hashAt) hashAt.set(seq, hash);
  }
  if (!problem) {
    for (const checkpoint of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
      if (!safeEqual(signCheckpoint(key, checkpoint), checkpoint.signature)) {
        problem = { seq: Math.min(checkpoint.seq, lastSeq + 1), reason: 'forged_checkpoint' };
        break;
      }
      if (checkpoint.seq > lastSeq) {
        problem = { seq: lastSeq + 1, reason: 'truncated' };
        break;
      }
      if (checkpoint.seq > 0 && hashAt.get(checkpoint.seq) !== checkpoint.headHash) {
        problem = { seq: checkpoint.seq, reason: 'truncated' };
        break;
      }
    }
  }
  return {
    ok: problem === null,
    checkedEvents: checked,
    lastSeq,
    brokenAt: problem?.seq ?? null,
    reason: problem?.reason ?? null,
    message: problem
      ? `Jejak audit rusak pada nomor urut ${problem.seq}: ${MESSAGES[problem.reason]}`
      : `Jejak audit utuh: ${checked} peristiwa, ${checkpoints.length} checkpoint`,
  };
}

/** Walks the chain in sequence order, one event at a time, as one stretch from the genesis. */
export class ChainVerifier {
  private readonly segment: ChainSegment;

  constructor(
    private readonly checkpoints: readonly Checkpoint[],
    private readonly key: string,
  ) {
    this.segment = new ChainSegment(1, new Set(checkpoints.map((c) => c.seq)));
  }

  /** Feeds the next event; returns false once the chain is broken (the rest need not be read). */
  push(event: ChainedEvent): boolean {
    const { prevHash, hash, ...content } = event;
    return this.segment.push({
      seq: event.seq,
      hashed: Buffer.from(prevHash + canonicalJson(content)),
      hash,
    });
  }

  finish(): ChainReport {
    return chainReport([this.segment], this.checkpoints, this.key);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
