import { ValidationError } from '../common/domain-errors';
import type { ChecklistItem } from '../sop/sop.types';
import {
  assertChecklistCodes,
  assertRoundComplete,
  MissingDocumentsError,
  roundChecklist,
} from './document-checklist';
import { InvalidCommandError } from './renewal.errors';

const CHECKLIST: ChecklistItem[] = [
  { code: 'surat-rekomendasi', label: 'Surat rekomendasi', required: true },
  { code: 'ktp', label: 'KTP', required: true },
  { code: 'formulir-pembaruan', label: 'Formulir', required: false },
];
const upload = (item: string, round: number) => ({ item, round, id: `${item}@${round}` });

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('roundChecklist', () => {
  it("asks round 1 for the version's required items and shows that round's uploads", () => {
    const items = roundChecklist(CHECKLIST, 1, null, [upload('ktp', 1), upload('formulir-pembaruan', 1)]);
    expect(items.map((i) => [i.code, i.required, i.uploads.map((u) => u.id)])).toEqual([
      ['surat-rekomendasi', true, []],
      ['ktp', true, ['ktp@1']],
      ['formulir-pembaruan', false, ['formulir-pembaruan@1']],
    ]);
  });

  it('asks a later round for exactly what BSrE named, optional items included; earlier uploads stay behind', () => {
    const uploads = [upload('surat-rekomendasi', 1), upload('ktp', 1), upload('formulir-pembaruan', 2)];
    const items = roundChecklist(CHECKLIST, 2, ['ktp', 'formulir-pembaruan'], uploads);
    expect(items.map((i) => [i.code, i.required, i.uploads.map((u) => u.id)])).toEqual([
      ['surat-rekomendasi', false, []],
      ['ktp', true, []],
      ['formulir-pembaruan', true, ['formulir-pembaruan@2']],
    ]);
  });
});

describe('assertRoundComplete', () => {
  it('passes when every required item of the round has an upload', () => {
    expect(() =>
      assertRoundComplete(
        roundChecklist(CHECKLIST, 1, null, [upload('surat-rekomendasi', 1), upload('ktp', 1)]),
        1,
      ),
    ).not.toThrow();
    expect(() => assertRoundComplete(roundChecklist([], 1, null, []), 1)).not.toThrow();
  });

  it('names the missing items, codes and labels, as a conflict', () => {
    const error = captured(() =>
      assertRoundComplete(roundChecklist(CHECKLIST, 2, ['ktp'], [upload('ktp', 1)]), 2),
    ) as MissingDocumentsError;
    expect(error).toBeInstanceOf(MissingDocumentsError);
    expect(error).toMatchObject({
      code: 'CONFLICT',
      round: 2,
      missingItems: [{ code: 'ktp', label: 'KTP' }],
    });
    expect(error.message).toBe('Dokumen pendukung putaran 2 belum lengkap; unggah dulu: KTP (ktp)');
  });
});

describe('assertChecklistCodes', () => {
  it('accepts codes of the checklist, and anything when the version has no checklist', () => {
    expect(() => assertChecklistCodes(CHECKLIST, ['ktp', 'formulir-pembaruan'])).not.toThrow();
    expect(() => assertChecklistCodes([], ['Surat rekomendasi atasan'])).not.toThrow();
  });

  it('names the first unknown code by its position', () => {
    const error = captured(() => assertChecklistCodes(CHECKLIST, ['ktp', 'Surat Rekomendasi']));
    expect(error).toBeInstanceOf(InvalidCommandError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      field: 'missingItems[1]',
      rule: 'checklist_code',
      problems: [
        {
          field: 'missingItems[1]',
          message:
            '"Surat Rekomendasi" bukan kode butir daftar dokumen; pilih dari: surat-rekomendasi, ktp, formulir-pembaruan',
        },
      ],
    });
  });
});
