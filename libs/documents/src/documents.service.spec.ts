import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditService } from '@mutu/audit';
import { sampleJpeg, samplePdf, samplePng } from '@mutu/demo';
import {
  ConflictError,
  ForbiddenActionError,
  IntegrityError,
  NotFoundError,
  PayloadTooLargeError,
  type Principal,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@mutu/domain';
import { RenewalsModule, RenewalsService } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { DocumentsModule } from './documents.module';
import { DocumentsService } from './documents.service';

const verifier: Principal = {
  id: 'verifikator.dinkes',
  role: 'VERIFIKATOR',
  holderNip: null,
  agencies: ['Dinas Kesehatan'],
};
const otherHolder: Principal = {
  id: 'pengguna.lain',
  role: 'PENGGUNA',
  holderNip: '199001012015011002',
  agencies: [],
};
const bsre: Principal = { id: 'bsre.operator', role: 'BSRE', holderNip: null, agencies: [] };
const application = {
  nip: '198701012010011001',
  name: 'Siti Rahma',
  email: 'siti@merantikab.go.id',
  agency: 'Dinas Kesehatan',
  certificateSerial: 'D-1',
  currentExpiry: '2026-12-31',
};
const LIMIT = 64 * 1024;

describe('DocumentsService on PostgreSQL and a real folder', () => {
  let ctx: TestContext;
  let documents: DocumentsService;
  let renewals: RenewalsService;
  let audit: AuditService;
  let folder: string;
  const stored = (sha256: string) => join(folder, sha256.slice(0, 2), sha256);
  const open = () => renewals.open(application, verifier);

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule],
      env: { MUTU_DOCUMENT_MAX_BYTES: String(LIMIT) },
    });
    documents = ctx.get(DocumentsService);
    renewals = ctx.get(RenewalsService);
    audit = ctx.get(AuditService);
    folder = ctx.config.documentsDir;
  });
  afterAll(() => ctx.close());

  it('keeps the bytes once under their SHA-256, written whole, and records the upload in the audit trail', async () => {
    const r = await open();
    const bytes = sampleJpeg('KTP Siti Rahma');
    const { document, created } = await documents.upload(
      r.id,
      { item: 'ktp', bytes, fileName: 'KTP Siti.jpg' },
      verifier,
    );
    expect(created).toBe(true);
    expect(document).toMatchObject({
      item: 'ktp',
      round: 1,
      name: 'KTP Siti.jpg',
      mediaType: 'image/jpeg',
      size: bytes.length,
      uploadedBy: 'verifikator.dinkes',
      uploadedAt: { utc: '2026-11-24T03:00:00.000Z', local: '2026-11-24T10:00:00+07:00' },
    });
    expect(readFileSync(stored(document.sha256))).toEqual(bytes);
    expect(readdirSync(join(folder, document.sha256.slice(0, 2)))).toEqual([document.sha256]);

    const [event] = (await audit.history('renewal', r.id)).filter((e) => e.action === 'document.uploaded');
    expect(event).toMatchObject({
      actorId: 'verifikator.dinkes',
      after: {
        id: document.id,
        item: 'ktp',
        round: 1,
        sha256: document.sha256,
        size: bytes.length,
        mediaType: 'image/jpeg',
        name: 'KTP Siti.jpg',
      },
    });
  });

  it('deduplicates the same bytes for the same item and round; other items share the stored copy', async () => {
    const r = await open();
    const bytes = samplePdf(['Surat rekomendasi', 'Siti Rahma']);
    const first = await documents.upload(
      r.id,
      { item: 'surat-rekomendasi', bytes, fileName: 'a.pdf' },
      verifier,
    );
    ctx.clock.advance(60_000);
    const again = await documents.upload(
      r.id,
      { item: 'surat-rekomendasi', bytes, fileName: 'b.pdf' },
      verifier,
    );
    expect(again).toEqual({ document: first.document, created: false });
    const other = await documents.upload(
      r.id,
      { item: 'formulir-pembaruan', bytes, fileName: 'c.pdf' },
      verifier,
    );
    expect(other.created).toBe(true);
    expect(other.document.sha256).toBe(first.document.sha256);

    expect((await documents.list(r.id, verifier)).map((d) => [d.item, d.name])).toEqual([
      ['surat-rekomendasi', 'a.pdf'],
      ['formulir-pembaruan', 'c.pdf'],
    ]);
    const uploads = (await audit.history('renewal', r.id)).filter((e) => e.action === 'document.uploaded');
    expect(uploads).toHaveLength(2);
  });

  it('refuses what it cannot keep: empty, too large, not PDF/JPEG/PNG, unknown item, wrong role or step', async () => {
    const r = await open();
    const upload = (bytes: Buffer, item = 'ktp', who = verifier) =>
      documents.upload(r.id, { item, bytes, fileName: 'x.pdf' }, who);

    await expect(upload(Buffer.alloc(0))).rejects.toMatchObject({
      problems: [{ field: 'file', message: 'berkas kosong (0 byte)' }],
    });
    const large = Buffer.concat([samplePdf(['besar']), Buffer.alloc(LIMIT)]);
    await expect(upload(large)).rejects.toThrow(PayloadTooLargeError);
    await expect(upload(large)).rejects.toThrow('Berkas terlalu besar: batasnya 0,06 MB');
    await expect(upload(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).rejects.toMatchObject({
      detectedType: 'image/gif (.gif)',
      message: 'Jenis berkas image/gif (.gif): yang diterima hanya PDF, JPEG, PNG',
    });
    await expect(upload(Buffer.from('bukan PDF'))).rejects.toThrow(UnsupportedMediaTypeError);
    await expect(upload(samplePng('x'), 'pas-foto')).rejects.toMatchObject({
      problems: [{ field: 'item', message: expect.stringContaining('pilih dari: surat-rekomendasi, ktp') }],
    });
    await expect(upload(samplePng('x'), 'ktp', bsre)).rejects.toThrow(ForbiddenActionError);
    await expect(upload(samplePng('x'), 'ktp', otherHolder)).rejects.toThrow(NotFoundError);

    await renewals.act(r.id, 1, { action: 'cancel', reason: 'Pegawai pindah tugas' }, verifier);
    await expect(upload(samplePng('x'))).rejects.toThrow(ConflictError);
    expect(await documents.list(r.id, verifier)).toEqual([]);
  });

  it('serves the bytes it checked, audited; refuses bytes altered or lost at rest; a new upload repairs them', async () => {
    const r = await open();
    const bytes = samplePng('SK Siti Rahma');
    const { document } = await documents.upload(
      r.id,
      { item: 'sk-jabatan', bytes, fileName: 'SK.pdf' },
      verifier,
    );
    const served = await documents.download(r.id, document.id, verifier);
    expect(served.bytes.equals(bytes)).toBe(true);
    expect(served.fileName).toBe('SK.pdf.png');
    const downloads = async () =>
      (await audit.history('renewal', r.id)).filter((e) => e.action === 'document.downloaded');
    expect((await downloads()).map((e) => e.after)).toEqual([
      { id: document.id, item: 'sk-jabatan', round: 1, sha256: document.sha256 },
    ]);

    const altered = Buffer.from(bytes);
    altered[altered.length - 20] ^= 0xff;
    writeFileSync(stored(document.sha256), altered);
    await expect(documents.download(r.id, document.id, verifier)).rejects.toThrow(IntegrityError);
    rmSync(stored(document.sha256));
    await expect(documents.download(r.id, document.id, verifier)).rejects.toThrow('tidak ada di penyimpanan');
    expect(await downloads()).toHaveLength(1);

    await documents.upload(r.id, { item: 'sk-jabatan', bytes, fileName: 'SK.png' }, verifier);
    expect(readFileSync(stored(document.sha256)).equals(bytes)).toBe(true);
    expect((await documents.download(r.id, document.id, verifier)).bytes.equals(bytes)).toBe(true);

    await expect(documents.download(r.id, document.id, otherHolder)).rejects.toThrow(NotFoundError);
    await expect(documents.list(r.id, otherHolder)).rejects.toThrow(NotFoundError);
    await expect(documents.download(r.id, '00000000-0000-4000-8000-000000000000', verifier)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('leaves no temporary file behind and writes nothing for a refused upload', async () => {
    const r = await open();
    const before = existsSync(folder) ? readdirSync(folder, { recursive: true }).length : 0;
    await expect(
      documents.upload(r.id, { item: 'nope', bytes: samplePdf(['x']), fileName: 'x.pdf' }, verifier),
    ).rejects.toThrow(ValidationError);
    const after = readdirSync(folder, { recursive: true }).map(String);
    expect(after).toHaveLength(before);
    expect(after.filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
