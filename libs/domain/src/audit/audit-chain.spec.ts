import fc from 'fast-check';
import { canonicalJson } from '../common/canonical-json';
import {
  type AuditContent,
  chainHash,
  type ChainedEvent,
  chainReport,
  ChainSegment,
  ChainVerifier,
  type Checkpoint,
  GENESIS_HASH,
  signCheckpoint,
} from './audit-chain';

const KEY = 'k'.repeat(40);

function content(seq: number, action = 'renewal.opened'): AuditContent {
  return {
    seq,
    occurredAt: new Date(Date.UTC(2026, 10, 24, 0, seq)).toISOString(),
    actorId: 'verifikator.dinkes',
    actorRole: 'VERIFIKATOR',
    action,
    entityType: 'renewal',
    entityId: `r-${seq}`,
    before: null,
    after: { status: 'step1', n: seq },
    requestId: `req-${seq}`,
    clientIp: '127.0.0.1',
  };
}

function chain(length: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const c = content(seq);
    const hash = chainHash(prev, c);
    events.push({ ...c, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

function checkpoint(events: ChainedEvent[], seq: number, key = KEY): Checkpoint {
  const unsigned = { seq, headHash: events[seq - 1].hash, createdAt: '2026-11-24T10:00:00.000Z' };
  return { ...unsigned, signature: signCheckpoint(key, unsigned) };
}

function verify(events: ChainedEvent[], checkpoints: Checkpoint[] = []) {
  const verifier = new ChainVerifier(checkpoints, KEY);
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.finish();
}

describe('the audit chain', () => {
  const events = chain(10);
  const checkpoints = [checkpoint(events, 4), checkpoint(events, 10)];

  it('accepts an untouched chain with its checkpoints', () => {
    expect(verify(events, checkpoints)).toMatchObject({
      ok: true,
      checkedEvents: 10,
      lastSeq: 10,
      brokenAt: null,
    });
    expect(verify([], [])).toMatchObject({ ok: true, lastSeq: 0 });
  });

  it('names a modified event', () => {
    const tampered = events.map((e) => (e.seq === 6 ? { ...e, after: { status: 'completed' } } : e));
    expect(verify(tampered, checkpoints)).toMatchObject({ ok: false, brokenAt: 6, reason: 'modified' });
  });

  it('names a deleted event', () => {
    expect(
      verify(
        events.filter((e) => e.seq !== 3),
        checkpoints,
      ),
    ).toMatchObject({ brokenAt: 3, reason: 'missing' });
  });

  it('names reordered events (contents swapped between sequence numbers)', () => {
    const swapped = events.map((e) =>
      e.seq === 7 ? { ...events[7], seq: 7 } : e.seq === 8 ? { ...events[6], seq: 8 } : e,
    );
    expect(verify(swapped, checkpoints)).toMatchObject({ ok: false, brokenAt: 7 });
  });

  it('names an event re-hashed to fit its new content but no longer linked to the one before', () => {
    const c = { ...content(5), after: { status: 'cancelled' } };
    const rehashed = events.map((e) =>
      e.seq === 5 ? { ...c, prevHash: 'f'.repeat(64), hash: chainHash('f'.repeat(64), c) } : e,
    );
    expect(verify(rehashed, checkpoints)).toMatchObject({ brokenAt: 5, reason: 'relinked' });
  });

  it('names a truncated tail from the newest signed checkpoint', () => {
    expect(verify(events.slice(0, 8), checkpoints)).toMatchObject({
      ok: false,
      brokenAt: 9,
      reason: 'truncated',
    });
  });

  it('refuses a checkpoint signed with another key', () => {
    expect(verify(events, [checkpoint(events, 10, 'x'.repeat(40))])).toMatchObject({
      reason: 'forged_checkpoint',
    });
  });

  it('finds any single modification at its exact position', () => {
    const long = chain(40);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.string({ minLength: 1 }), (seq, value) => {
        const tampered = long.map((e) => (e.seq === seq ? { ...e, actorId: `${e.actorId}${value}` } : e));
        expect(verify(tampered)).toMatchObject({ ok: false, brokenAt: seq });
      }),
    );
  });

  it('gives the same verdict from stretches checked apart as from one walk, wherever it is cut and broken', () => {
    const long = chain(30);
    const points = [checkpoint(long, 12), checkpoint(long, 30)];
    const kinds = ['none', 'modified', 'deleted', 'relinked', 'swapped', 'truncated'] as const;
    /** The trail after one kind of damage at `seq`. */
    const damaged = (kind: (typeof kinds)[number], seq: number): ChainedEvent[] => {
      if (kind === 'modified') return long.map((e) => (e.seq === seq ? { ...e, actorId: 'x' } : e));
      if (kind === 'deleted') return long.filter((e) => e.seq !== seq);
      if (kind === 'relinked')
        return long.map((e) => (e.seq === seq ? { ...e, prevHash: 'f'.repeat(64) } : e));
      if (kind === 'swapped' && seq < 30)
        return long.map((e) =>
          e.seq === seq ? { ...long[seq], seq } : e.seq === seq + 1 ? { ...long[seq - 1], seq: seq + 1 } : e,
        );
      if (kind === 'truncated') return long.slice(0, seq - 1);
      return long;
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.integer({ min: 1, max: 30 }),
        fc.uniqueArray(fc.integer({ min: 2, max: 30 }), { maxLength: 4 }),
        (kind, seq, cuts) => {
          const trail = damaged(kind, seq);
          const starts = [1, ...cuts.sort((a, b) => a - b)];
          const seqs = new Set(points.map((c) => c.seq));
          const last = trail.at(-1)?.seq ?? 0;
          const segments = starts
            .filter((from) => from <= last)
            .map((from, i, all) => {
              const to = i + 1 < all.length ? all[i + 1] - 1 : last;
              const segment = new ChainSegment(from, seqs);
              for (const { prevHash, hash, ...c } of trail.filter((e) => e.seq >= from && e.seq <= to)) {
                if (!segment.push({ seq: c.seq, hashed: Buffer.from(prevHash + canonicalJson(c)), hash }))
                  break;
              }
              segment.end(to);
              return segment;
            });
          const apart = chainReport(segments, points, KEY);
          const walked = verify(trail, points);
          expect({ ok: apart.ok, brokenAt: apart.brokenAt }).toEqual({
            ok: walked.ok,
            brokenAt: walked.brokenAt,
          });
        },
      ),
    );
  });
});
