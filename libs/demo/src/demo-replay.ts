import type { DocumentsService } from '@mutu/documents';
import type { Principal } from '@mutu/domain';
import type { RenewalsService, RenewalView } from '@mutu/renewals';
import type { SettableClock } from '@mutu/config';
import { sampleDocument } from './demo-documents';
import type { DemoPlan } from './demo-plan';

/** Reads the finished history; sees every agency and holder. */
export const DEMO_READER: Principal = { id: 'system:demo', role: 'ADMIN', holderNip: null, agencies: [] };

interface Step {
  readonly at: Date;
  readonly renewal: number;
  /** 0 opens the renewal; n records its n-th planned action. */
  readonly seq: number;
}

/** The services the history is recorded through, as the API would. */
export interface DemoServices {
  readonly renewals: RenewalsService;
  readonly documents: DocumentsService;
}

/**
 * Records the plan through the real services, every renewal's actions interleaved in time order
 * with the clock set to each one's moment, as if the office had worked through the months.
 * Before step 1 ends, whoever ends it uploads what the round's checklist still lacks.
 * Returns every renewal as it stands at the plan's `now`, in plan order.
 */
export async function replayDemoPlan(
  plan: DemoPlan,
  { renewals, documents }: DemoServices,
  clock: Pick<SettableClock, 'set'>,
  onReplayed?: (replayed: number, at: Date) => void,
): Promise<RenewalView[]> {
  const steps: Step[] = plan.renewals.flatMap((r, renewal) => [
    { at: r.openedAt, renewal, seq: 0 },
    ...r.actions.map((a, i) => ({ at: a.at, renewal, seq: i + 1 })),
  ]);
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.renewal - b.renewal || a.seq - b.seq);

  const current: RenewalView[] = [];
  let replayed = 0;
  for (const { at, renewal, seq } of steps) {
    const planned = plan.renewals[renewal];
    clock.set(at);
    if (seq === 0) {
      current[renewal] = await renewals.open(planned.application, planned.openedBy);
    } else {
      const { principal, command } = planned.actions[seq - 1];
      const { id, version, checklist, holder, round } = current[renewal];
      if (command.action === 'documents_ready') {
        for (const item of checklist.filter((i) => i.required && !i.documents.length)) {
          await documents.upload(id, sampleDocument(item.code, item.label, holder.name, round), principal);
        }
      }
      current[renewal] = await renewals.act(id, version, command, principal);
    }
    if (seq === planned.actions.length) onReplayed?.(++replayed, at);
  }

  clock.set(plan.now);
  const views: RenewalView[] = [];
  for (const { id } of current) views.push(await renewals.get(id, DEMO_READER));
  return views;
}
