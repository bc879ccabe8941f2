import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import readXlsxFile from 'read-excel-file/node';
import request from 'supertest';
import { AuditService } from '@mutu/audit';
import { AuthService } from '@mutu/auth';
import { planDemo, replayDemoPlan } from '@mutu/demo';
import { DocumentsService } from '@mutu/documents';
import { RenewalsService } from '@mutu/renewals';
import { SopsService } from '@mutu/sops';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { pdfText } from './support/pdf-text';
import { createTestContext, type TestContext } from './support/test-app';

const NOW = new Date('2026-12-01T00:30:00Z'); // 07:30 WIB on the 1st
const PASSWORD = 'kata-sandi-arsip-01';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under a folder, relative paths. */
const filesUnder = (folder: string) =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1));

/** supertest's parser for a binary body. */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('reports archive over HTTP: generated, recorded, proven on download', () => {
  let ctx: TestContext;
  let http: ReturnType<typeof request>;
  let kadis: string;
  let holder: string;

  beforeAll(async () => {
    ctx = await createTestContext({
      root: ApiModule.forRoot,
      configure: configureApiApp,
      now: NOW.toISOString(),
      // The head of office today, not the one who signed the SOP in 2022.
      env: {
        MUTU_HEAD_OF_OFFICE_NAME: 'Dra. Siti Aminah, M.Si.',
        MUTU_HEAD_OF_OFFICE_NIP: '197501012000032001',
      },
    });
    http = request(ctx.app.getHttpServer());
    await replayDemoPlan(
      planDemo({ seed: 5, now: NOW, renewals: 40, days: 60 }),
      { renewals: ctx.get(RenewalsService), documents: ctx.get(DocumentsService) },
      ctx.clock,
    );
    ctx.clock.set(NOW);
    const auth = ctx.get(AuthService);
    const admin = { id: 'cli', role: 'ADMIN' };
    await auth.createUser(
      { username: 'kadis', displayName: 'Kepala Dinas', role: 'KEPALA_DINAS', password: PASSWORD },
      admin,
    );
    await auth.createUser(
      {
        username: 'pemegang',
        displayName: 'Pemegang',
        role: 'PENGGUNA',
        password: PASSWORD,
        holderNip: '199001012015031001',
      },
      admin,
    );
    const login = async (username: string) =>
      (await http.post('/auth/login').send({ username, password: PASSWORD })).body.accessToken as string;
    kadis = await login('kadis');
    holder = await login('pemegang');
  }, 180_000);
  afterAll(() => ctx.close());

  const as = (token: string) => ({
    post: (path: string) => http.post(path).set('Authorization', `Bearer ${token}`),
    get: (path: string) => http.get(path).set('Authorization', `Bearer ${token}`),
  });

  let workbookId: string;

  it('generates the Excel workbook of a month into the reports folder and records it', async () => {
    const { body } = await as(kadis)
      .post('/reports')
      .send({ kind: 'compliance', format: 'xlsx', from: '2026-11-01', to: '2026-11-30' })
      .expect(201);
    workbookId = body.id;
    expect(body).toMatchObject({
      kind: 'compliance',
      format: 'xlsx',
      lang: 'id',
      period: { from: '2026-11-01', to: '2026-11-30' },
      parameters: { agency: null, sopVersion: null },
      fileName: 'laporan-kepatuhan-2026-11.xlsx',
      generatedBy: 'kadis',
      generatedAt: NOW.toISOString(),
      generatedAtWib: '2026-12-01T07:30:00+07:00',
    });
    // One whole file, no partial left beside it, and the record names its bytes.
    const files = filesUnder(ctx.config.reportsDir);
    expect(files).toEqual([`compliance/2026/${body.id}-laporan-kepatuhan-2026-11.xlsx`]);
    const bytes = readFileSync(join(ctx.config.reportsDir, files[0]));
    expect(body.size).toBe(bytes.length);
    expect(body.sha256).toBe(sha256(bytes));
    expect(body.auditHead).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the archive newest first, filtered by kind and format', async () => {
    ctx.clock.advance(60_000);
    const { body: sop } = await as(kadis)
      .post('/reports')
      .send({ kind: 'sop-document', code: 'pembaruan-sertifikat-elektronik' })
      .expect(201);
    expect(sop).toMatchObject({
      kind: 'sop-document',
      format: 'pdf',
      period: null,
      fileName: 'sop-pembaruan-sertifikat-elektronik.pdf',
    });
    const { body } = await as(kadis).get('/reports').expect(200);
    expect(body).toMatchObject({ total: 2, page: 1 });
    expect(body.items.map((r: { id: string }) => r.id)).toEqual([sop.id, workbookId]);
    expect((await as(kadis).get('/reports?kind=sop-document').expect(200)).body.items).toHaveLength(1);
    expect((await as(kadis).get('/reports?format=xlsx').expect(200)).body.items[0].id).toBe(workbookId);
    const november = await as(kadis).get('/reports?from=2026-11-01&to=2026-11-30').expect(200);
    expect(november.body.items.map((r: { id: string }) => r.id)).toEqual([workbookId]);
    expect((await as(kadis).get('/reports?from=2026-10-01&to=2026-10-31').expect(200)).body.total).toBe(0);
    expect(JSON.stringify((await as(kadis).get('/reports?from=2026-11-01').expect(400)).body)).toContain(
      'to',
    );

    const pdf = await as(kadis).get(`/reports/${sop.id}/download`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const sopNumber = (await ctx.get(SopsService).get('pembaruan-sertifikat-elektronik')).number;
    expect(pdfText(pdf.body)).toContain(sopNumber);
    expect(sha256(pdf.body)).toBe(sop.sha256);
  });

  it('streams an archived file after proving it unchanged, and audits both generation and download', async () => {
    const res = await as(kadis).get(`/reports/${workbookId}/download`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=laporan-kepatuhan-2026-11.xlsx');
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    expect(workbook.worksheets.map((s) => s.name)).toContain('Ringkasan');
    // A second reader with its own zip and XML parsing (read-excel-file) sees the same workbook.
    const sheets = await readXlsxFile(res.body);
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(workbook.worksheets.map((sheet) => sheet.name));
    const renewals = sheets.find((sheet) => sheet.sheet === 'Permohonan')!.data;
    expect(renewals.length).toBe(workbook.getWorksheet('Permohonan')!.rowCount);
    const opened = renewals[0].indexOf('Dibuka (WIB)');
    expect(opened).toBeGreaterThan(0);
    expect(renewals.slice(1).every((row) => row[opened] instanceof Date)).toBe(true);

    const { items } = await ctx
      .get(AuditService)
      .search({ entityType: 'report', entityId: workbookId }, 1, 10);
    expect(items.map((e: { action: string }) => e.action)).toEqual(['report.generated', 'report.downloaded']);
    expect(items[0].actorId).toBe('kadis');
  });

  it('files the PDF report for the head of office, in English when asked, naming the audit head it printed', async () => {
    const { body } = await as(kadis)
      .post('/reports')
      .send({ kind: 'compliance', from: '2026-11-01', to: '2026-11-30', lang: 'en' })
      .expect(201);
    expect(body).toMatchObject({ format: 'pdf', lang: 'en', fileName: 'compliance-report-2026-11.pdf' });
    const pdf = await as(kadis).get(`/reports/${body.id}/download`).buffer(true).parse(binary).expect(200);
    const text = pdfText(pdf.body).replace(/\s+/g, ' ');
    expect(text).toContain('Page 1 of');
    expect(text).toContain('Selatpanjang, 1 December 2026');
    expect(text).toContain('Acknowledged by,');
    expect(text).toContain('Dra. Siti Aminah, M.Si. NIP. 197501012000032001');
    expect(text).not.toContain('Muhlisin');
    expect(text).toContain(body.auditHead);
    expect(sha256(pdf.body)).toBe(body.sha256);
  });

  it('refuses a file altered at rest instead of serving it', async () => {
    const [file] = filesUnder(ctx.config.reportsDir).filter((f) => f.endsWith('.xlsx'));
    const path = join(ctx.config.reportsDir, file);
    const original = readFileSync(path);
    writeFileSync(path, Buffer.concat([original, Buffer.from('x')]));
    try {
      const { body } = await as(kadis).get(`/reports/${workbookId}/download`).expect(500);
      expect(body.message).toMatch(/telah berubah atau hilang/);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('names the field of a bad request, leaves nothing behind, and keeps the archive to its readers', async () => {
    const before = filesUnder(ctx.config.reportsDir);
    const recorded = (await as(kadis).get('/reports').expect(200)).body.total;
    const missing = await as(kadis)
      .post('/reports')
      .send({ kind: 'compliance', format: 'xlsx', to: '2026-11-30' })
      .expect(400);
    expect(JSON.stringify(missing.body)).toContain('from');
    const reversed = await as(kadis)
      .post('/reports')
      .send({ kind: 'compliance', format: 'xlsx', from: '2026-11-30', to: '2026-11-01' })
      .expect(400);
    expect(JSON.stringify(reversed.body)).toContain('tidak boleh sebelum from');
    await as(kadis).post('/reports').send({ kind: 'laporan-lain' }).expect(400);
    await as(kadis).post('/reports').send({ kind: 'sop-document' }).expect(400);
    await as(kadis).post('/reports').send({ kind: 'sop-document', code: 'tidak-ada' }).expect(404);
    expect(filesUnder(ctx.config.reportsDir)).toEqual(before);
    expect((await as(kadis).get('/reports').expect(200)).body.total).toBe(recorded);

    await as(holder).get('/reports').expect(403);
    await as(holder)
      .post('/reports')
      .send({ kind: 'sop-document', code: 'pembaruan-sertifikat-elektronik' })
      .expect(403);
    await as(kadis).get('/reports/00000000-0000-4000-8000-000000000000/download').expect(404);
  });
});
