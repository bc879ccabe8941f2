import { ConflictError } from '../common/domain-errors';
import type { ChecklistItem } from '../sop/sop.types';
import { InvalidCommandError } from './renewal.errors';

/** A stored document as the checklist counts it: the item it is for, in the round it was uploaded. */
export interface ChecklistUpload {
  readonly item: string;
  readonly round: number;
}

/** A checklist item in one round: whether that round needs an upload for it, and its uploads there. */
export interface RoundChecklistItem<T extends ChecklistUpload> extends ChecklistItem {
  readonly uploads: readonly T[];
}

/**
 * The checklist as it stands in `round`. Round 1 needs the items the SOP version marks required.
 * After BSrE's "Tidak" the next round needs exactly the items BSrE named (`sentBackFor`): the
 * others were accepted with the files of earlier rounds. `required` here is that need, not the
 * version's flag.
 */
export function roundChecklist<T extends ChecklistUpload>(
  checklist: readonly ChecklistItem[],
  round: number,
  sentBackFor: readonly string[] | null,
  uploads: readonly T[],
): RoundChecklistItem<T>[] {
  return checklist.map((item) => ({
    code: item.code,
    label: item.label,
    required: sentBackFor ? sentBackFor.includes(item.code) : item.required,
    uploads: uploads.filter((u) => u.round === round && u.item === item.code),
  }));
}

/** Step 1 cannot end while a required item of its round has no upload; names what is missing. */
export class MissingDocumentsError extends ConflictError {
  constructor(
    readonly round: number,
    readonly missingItems: readonly { readonly code: string; readonly label: string }[],
  ) {
    super(
      `Dokumen pendukung putaran ${round} belum lengkap; unggah dulu: ` +
        missingItems.map((i) => `${i.label} (${i.code})`).join(', '),
    );
  }
}

export function assertRoundComplete(
  items: readonly RoundChecklistItem<ChecklistUpload>[],
  round: number,
): void {
  const missing = items.filter((i) => i.required && i.uploads.length === 0);
  if (missing.length) {
    throw new MissingDocumentsError(
      round,
      missing.map(({ code, label }) => ({ code, label })),
    );
  }
}

/**
 * BSrE's "Tidak" names checklist items by code, so the next round knows what to ask for. A
 * version without a checklist leaves the items free text, as they were before checklists.
 */
export function assertChecklistCodes(
  checklist: readonly ChecklistItem[],
  missingItems: readonly string[],
): void {
  if (!checklist.length) return;
  const codes = checklist.map((i) => i.code);
  missingItems.forEach((code, i) => {
    if (!codes.includes(code)) {
      throw new InvalidCommandError(
        'verification_incomplete',
        `missingItems[${i}]`,
        'checklist_code',
        `"${code}" bukan kode butir daftar dokumen; pilih dari: ${codes.join(', ')}`,
      );
    }
  });
}
