import { z } from 'zod';
import { FieldProblem, ValidationError } from '../common/domain-errors';
import { parseIsoDuration } from '../sla/iso-duration';
import { PERFORMER_ROLES, SopDefinition, TIME_BASES } from './sop.types';

/** A definition file that cannot become an SOP version; lists every problem found. */
export class SopDefinitionError extends ValidationError {
  constructor(problems: readonly FieldProblem[]) {
    super(problems, 'Definisi SOP tidak valid');
  }
}

const text = z.string({ error: 'wajib diisi (teks)' }).trim().min(1, 'tidak boleh kosong');
const texts = z.array(text, { error: 'harus daftar teks' });
const isoDate = z
  .string({ error: 'wajib diisi (tanggal YYYY-MM-DD)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'harus tanggal YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'bukan tanggal yang ada');

const branch = z.strictObject({
  label: text,
  outcome: z.enum(['complete', 'incomplete'], { error: 'harus "complete" atau "incomplete"' }),
  goto: z.number({ error: 'harus nomor langkah' }).int('harus nomor langkah'),
});

const step = z.strictObject({
  number: z.number({ error: 'harus bilangan bulat positif' }).int().positive('harus bilangan bulat positif'),
  activity: text,
  performers: z
    .array(z.enum(PERFORMER_ROLES, { error: `harus salah satu dari ${PERFORMER_ROLES.join(', ')}` }))
    .min(1, 'minimal satu pelaksana'),
  needs: texts,
  time: z.strictObject({
    duration: z.string({ error: 'harus durasi ISO-8601 (mis. PT5M, P7D) atau null' }).nullable(),
    basis: z.enum(TIME_BASES, {
      error: `harus salah satu dari ${TIME_BASES.map((b) => `"${b}"`).join(', ')}`,
    }),
    label: text,
  }),
  output: text,
  note: text.nullable(),
  branches: z.array(branch).min(2, 'keputusan butuh minimal dua cabang').optional(),
});

const slug = z
  .string({ error: 'wajib diisi' })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'harus slug huruf kecil, angka dan tanda hubung');

const checklistItem = z.strictObject({
  code: slug,
  label: text,
  required: z.boolean({ error: 'harus true atau false' }),
});

const schema = z.strictObject({
  code: slug,
  identity: z.strictObject({
    number: text,
    name: text,
    government: text,
    year: z.number({ error: 'harus tahun' }).int().min(1945, 'harus tahun').max(2999, 'harus tahun'),
    unitName: text,
    unitAddress: text,
    madeOn: isoDate,
    revisedOn: isoDate.nullable(),
    effectiveOn: isoDate,
    approvedBy: text,
    signatory: z.strictObject({
      name: text,
      title: text,
      nip: z.string({ error: 'wajib diisi' }).regex(/^\d{18}$/, 'NIP harus 18 digit'),
    }),
    legalBasis: texts.min(1, 'minimal satu dasar hukum'),
    qualifications: texts,
    relatedSops: texts,
    equipment: texts,
    warnings: texts,
    records: texts,
  }),
  steps: z.array(step).min(1, 'minimal satu langkah'),
  checklist: z.array(checklistItem, { error: 'harus daftar butir dokumen' }).optional(),
});

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** Validates a parsed SOP definition file and returns the definition with its time standards resolved. */
export function parseSopDefinition(input: unknown): SopDefinition {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new SopDefinitionError(
      parsed.error.issues.map((issue) => ({
        field: pathOf(issue.path) || '(root)',
        message:
          issue.code === 'unrecognized_keys'
            ? `kolom tidak dikenal: ${issue.keys.join(', ')}`
            : issue.code === 'invalid_type' && issue.input === undefined
              ? 'wajib diisi'
              : issue.message,
      })),
    );
  }
  const raw = parsed.data;
  const problems: FieldProblem[] = [];
  const numbers = raw.steps.map((s) => s.number);

  raw.steps.forEach((s, i) => {
    if (s.number !== i + 1)
      problems.push({ field: `steps[${i}].number`, message: `harus ${i + 1} (langkah berurutan mulai 1)` });
    s.branches?.forEach((b, j) => {
      if (!numbers.includes(b.goto)) {
        problems.push({ field: `steps[${i}].branches[${j}].goto`, message: `langkah ${b.goto} tidak ada` });
      }
    });
    if (s.branches && new Set(s.branches.map((b) => b.outcome)).size !== 2) {
      problems.push({
        field: `steps[${i}].branches`,
        message: 'harus punya satu cabang "complete" dan satu "incomplete"',
      });
    }
  });
  raw.checklist?.forEach((item, i) => {
    if (raw.checklist!.findIndex((other) => other.code === item.code) < i) {
      problems.push({
        field: `checklist[${i}].code`,
        message: `kode "${item.code}" sudah dipakai butir lain`,
      });
    }
  });
  if (raw.identity.revisedOn && raw.identity.revisedOn < raw.identity.madeOn) {
    problems.push({ field: 'identity.revisedOn', message: 'tidak boleh sebelum tanggal pembuatan' });
  }

  const durations = raw.steps.map((s, i) => {
    if (s.time.duration === null) return null;
    try {
      return parseIsoDuration(s.time.duration);
    } catch (e) {
      const [reason] = (e as ValidationError).problems;
      problems.push({ field: `steps[${i}].time.duration`, message: reason.message });
      return null;
    }
  });
  if (problems.length) throw new SopDefinitionError(problems);

  return {
    code: raw.code,
    identity: raw.identity,
    steps: raw.steps.map((s, i) => ({
      number: s.number,
      activity: s.activity,
      performers: s.performers,
      needs: s.needs,
      standard: { duration: s.time.duration, durationMs: durations[i], basis: s.time.basis },
      timeLabel: s.time.label,
      output: s.output,
      note: s.note,
      branches: s.branches ?? null,
    })),
    ...(raw.checklist && { checklist: raw.checklist }),
  };
}
