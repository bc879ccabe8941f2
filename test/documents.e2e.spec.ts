import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AuthService } from '@mutu/auth';
import { sampleJpeg, samplePdf, samplePng } from '@mutu/demo';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

const NIP_A = '198701012010011001';
const NIP_B = '199001012015011002';
const application = (nip: string, name: string) => ({
  nip,
  name,
  email: `${name.split(' ')[0].toLowerCase()}@merantikab.go.id`,
  agency: 'Dinas Kesehatan',
  certificateSerial: `DOC-${nip.slice(-3)}`,
  currentExpiry: '2026-12-31',
});

describe('supporting documents over HTTP', () => {
  let ctx: TestContext;
  let http: ReturnType<typeof request>;
  const token: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${token[who]}` });
  const open = async (who = 'siti', nip = NIP_A, name = 'Siti Rahma') =>
    (await http.post('/renewals').set(as(who)).send(application(nip, name)).expect(201)).body;
  const upload = (id: string, who: string, item: string, bytes: Buffer, fileName: string) =>
    http.post(`/renewals/${id}/documents`).set(as(who)).field('item', item).attach('file', bytes, fileName);
  const download = (id: string, documentId: string, who: string) =>
    http
      .get(`/renewals/${id}/documents/${documentId}/download`)
      .set(as(who))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp });
    http = request(ctx.app.getHttpServer());
    const auth = ctx.get(AuthService);
    const password = 'kata-sandi-uji-123';
    const accounts = [
      { username: 'siti', displayName: 'Siti', role: 'PENGGUNA', holderNip: NIP_A },
      { username: 'budi', displayName: 'Budi', role: 'PENGGUNA', holderNip: NIP_B },
      { username: 'verifikator', displayName: 'Andi', role: 'VERIFIKATOR', agencies: ['Dinas Kesehatan'] },
      { username: 'bsre', displayName: 'Operator BSrE', role: 'BSRE' },
      { username: 'kadis', displayName: 'Kepala Dinas', role: 'KEPALA_DINAS' },
    ] as const;
    for (const account of accounts) {
      await auth.createUser({ ...account, password }, { id: 'cli:test', role: 'ADMIN' });
      token[account.username] = (
        await http.post('/auth/login').send({ username: account.username, password }).expect(200)
      ).body.accessToken;
    }
  });
  afterAll(() => ctx.close());

  it('judges the type by the bytes, not the name or the declared type', async () => {
    const { id } = await open();
    const png = await upload(id, 'siti', 'ktp', samplePng('KTP Siti'), 'ktp.pdf').expect(201);
    expect(png.body).toMatchObject({ item: 'ktp', round: 1, name: 'ktp.pdf', mediaType: 'image/png' });

    const text = await http
      .post(`/renewals/${id}/documents`)
      .set(as('siti'))
      .field('item', 'ktp')
      .attach('file', Buffer.from('Ini surat, sungguh.\n'), {
        filename: 'surat.pdf',
        contentType: 'application/pdf',
      })
      .expect(415);
    expect(text.body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detectedType: null,
      message: 'Jenis berkas tidak dikenali: yang diterima hanya PDF, JPEG, PNG',
    });
    const gif = await upload(
      id,
      'siti',
      'ktp',
      Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
      'ktp.png',
    );
    expect(gif.status).toBe(415);
    expect(gif.body.message).toContain('image/gif');
  });

  it('takes a PDF that is also HTML only as a PDF, and serves it as a download the browser must not sniff or render', async () => {
    // Starts like a PDF (what file-type reads), but a browser sniffing it would find a page with a script.
    const polyglot = Buffer.concat([
      Buffer.from('%PDF-1.4\n%<html><body><script>alert(document.cookie)</script></body></html>\n'),
      samplePdf(['Undangan']).subarray('%PDF-1.4\n'.length),
    ]);
    const { id } = await open();
    const kept = await http
      .post(`/renewals/${id}/documents`)
      .set(as('siti'))
      .field('item', 'formulir-pembaruan')
      .attach('file', polyglot, { filename: 'undangan.html', contentType: 'text/html' })
      .expect(201);
    expect(kept.body).toMatchObject({ mediaType: 'application/pdf', name: 'undangan.html' });

    const served = await download(id, kept.body.id, 'siti').expect(200);
    expect(served.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': 'attachment; filename=undangan.html.pdf',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
    expect((served.body as Buffer).equals(polyglot)).toBe(true);
  });

  it('refuses a file over MUTU_DOCUMENT_MAX_BYTES with 413 naming the limit, keeping nothing', async () => {
    const { id } = await open();
    const oversize = Buffer.concat([samplePdf(['besar']), Buffer.alloc(ctx.config.documentMaxBytes)]);
    const res = await upload(id, 'siti', 'ktp', oversize, 'besar.pdf').expect(413);
    expect(res.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      limitBytes: 10_485_760,
      message: 'Berkas terlalu besar: batasnya 10 MB',
    });
    expect((await http.get(`/renewals/${id}/documents`).set(as('siti')).expect(200)).body).toEqual([]);
  });

  it('keeps only a sanitised name: no path, at most 120 characters, UTF-8 intact', async () => {
    const { id } = await open();
    const traversal = await upload(id, 'siti', 'ktp', sampleJpeg('a'), '../../etc/passwd').expect(201);
    expect(traversal.body.name).toBe('passwd');
    const long = await upload(id, 'siti', 'ktp', sampleJpeg('b'), `${'x'.repeat(296)}.jpg`).expect(201);
    expect(long.body.name).toBe(`${'x'.repeat(116)}.jpg`);
    const utf8 = await upload(id, 'siti', 'ktp', sampleJpeg('c'), 'KTP – Siti Rahmâ.jpg').expect(201);
    expect(utf8.body.name).toBe('KTP – Siti Rahmâ.jpg');

    expect((await download(id, traversal.body.id, 'siti').expect(200)).headers['content-disposition']).toBe(
      'attachment; filename=passwd.jpg',
    );
    expect((await download(id, utf8.body.id, 'siti').expect(200)).headers['content-disposition']).toBe(
      `attachment; filename="KTP ? Siti Rahm?.jpg"; filename*=UTF-8''KTP%20%E2%80%93%20Siti%20Rahm%C3%A2.jpg`,
    );
  });

  it('refuses an empty file, a missing one and one under another field name with 400 naming the field', async () => {
    const { id } = await open();
    const empty = await upload(id, 'siti', 'ktp', Buffer.alloc(0), 'kosong.pdf').expect(400);
    expect(empty.body.problems).toEqual([{ field: 'file', message: 'berkas kosong (0 byte)' }]);
    const missing = await http
      .post(`/renewals/${id}/documents`)
      .set(as('siti'))
      .field('item', 'ktp')
      .expect(400);
    expect(missing.body.problems).toEqual([
      { field: 'file', message: expect.stringContaining('wajib diisi') },
    ]);
    const elsewhere = await http
      .post(`/renewals/${id}/documents`)
      .set(as('siti'))
      .field('item', 'ktp')
      .attach('berkas', samplePng('x'), 'ktp.png')
      .expect(400);
    expect(elsewhere.body.problems).toEqual([
      { field: 'berkas', message: 'berkas dikirim pada kolom "file"' },
    ]);
    const unknown = await upload(id, 'siti', 'Scan KTP', samplePng('x'), 'ktp.png').expect(400);
    expect(unknown.body.problems[0].field).toBe('item');
  });

  it('keeps identical bytes for the same item and round once: the repeat answers 200 with the first record', async () => {
    const { id } = await open();
    const bytes = samplePdf(['SK Jabatan', 'Siti Rahma']);
    const first = await upload(id, 'siti', 'sk-jabatan', bytes, 'sk.pdf').expect(201);
    const again = await upload(id, 'verifikator', 'sk-jabatan', bytes, 'sk-lagi.pdf').expect(200);
    expect(again.body).toEqual(first.body);
    expect((await http.get(`/renewals/${id}/documents`).set(as('siti')).expect(200)).body).toEqual([
      first.body,
    ]);
  });

  it('serves the bytes it was given with their type, audited; refuses a file altered on disk with 500', async () => {
    const { id } = await open();
    const bytes = samplePdf(['Surat rekomendasi', 'Siti Rahma']);
    const kept = (await upload(id, 'verifikator', 'surat-rekomendasi', bytes, 'rekomendasi.pdf').expect(201))
      .body;

    const served = await download(id, kept.id, 'kadis').expect(200);
    expect((served.body as Buffer).equals(bytes)).toBe(true);
    expect(served.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(bytes.length),
      'content-disposition': 'attachment; filename=rekomendasi.pdf',
      'x-content-type-options': 'nosniff',
    });
    const events = (await http.get(`/audit?entityId=${id}`).set(as('kadis')).expect(200)).body.items;
    expect(events.map((e: any) => [e.action, e.actorId])).toEqual([
      ['renewal.opened', 'siti'],
      ['document.uploaded', 'verifikator'],
      ['document.downloaded', 'kadis'],
    ]);

    const path = join(ctx.config.documentsDir, kept.sha256.slice(0, 2), kept.sha256);
    writeFileSync(path, Buffer.concat([bytes, Buffer.from('<script>alert(1)</script>')]));
    const refused = await download(id, kept.id, 'kadis').expect(500);
    const body = JSON.parse((refused.body as Buffer).toString('utf8'));
    expect(body).toMatchObject({ code: 'INTEGRITY', requestId: expect.any(String) });
    expect(body.message).toContain('telah berubah');
    expect(readdirSync(join(ctx.config.documentsDir, kept.sha256.slice(0, 2)))).toEqual([kept.sha256]);
  });

  it("answers 404 to another holder for the renewal's documents, as for the renewal itself", async () => {
    const a = await open();
    const kept = (await upload(a.id, 'siti', 'ktp', samplePng('Siti'), 'ktp.png').expect(201)).body;
    await open('budi', NIP_B, 'Budi Santoso');

    await http.get(`/renewals/${a.id}`).set(as('budi')).expect(404);
    await http.get(`/renewals/${a.id}/documents`).set(as('budi')).expect(404);
    await download(a.id, kept.id, 'budi').expect(404);
    await upload(a.id, 'budi', 'ktp', samplePng('Budi'), 'ktp.png').expect(404);
    await upload(a.id, 'bsre', 'ktp', samplePng('BSrE'), 'ktp.png').expect(403);
    await http.get(`/renewals/${a.id}/documents`).set(as('bsre')).expect(200);
  });

  it('keeps step 1 open until the round has its documents; BSrE names missing items by checklist code', async () => {
    const { id } = await open();
    const post = (who: string, path: string, body: object) =>
      http.post(`/renewals/${id}/${path}`).set(as(who)).send(body);

    await upload(id, 'siti', 'ktp', samplePng('KTP'), 'ktp.png').expect(201);
    const blocked = await post('siti', 'documents-ready', { version: 1 }).expect(409);
    expect(blocked.body).toMatchObject({
      code: 'CONFLICT',
      round: 1,
      missingItems: [{ code: 'surat-rekomendasi' }, { code: 'sk-jabatan' }],
    });
    for (const item of ['surat-rekomendasi', 'sk-jabatan']) {
      await upload(id, 'siti', item, samplePdf([item]), `${item}.pdf`).expect(201);
    }
    await post('siti', 'documents-ready', { version: 1 }).expect(200);
    await post('siti', 'submitted-to-ams', { version: 2, amsReference: 'AMS-5', passphraseSet: true }).expect(
      200,
    );

    const unknown = await post('bsre', 'verification', {
      version: 3,
      result: 'incomplete',
      missingItems: ['Surat Rekomendasi'],
    }).expect(400);
    expect(unknown.body.problems).toEqual([
      { field: 'missingItems[0]', message: expect.stringContaining('bukan kode butir daftar dokumen') },
    ]);
    const round2 = (
      await post('bsre', 'verification', {
        version: 3,
        result: 'incomplete',
        missingItems: ['sk-jabatan'],
      }).expect(200)
    ).body;
    expect(round2.checklist.map((i: any) => [i.code, i.required, i.documents.length])).toEqual([
      ['surat-rekomendasi', false, 0],
      ['ktp', false, 0],
      ['sk-jabatan', true, 0],
      ['formulir-pembaruan', false, 0],
    ]);
    expect((await post('siti', 'documents-ready', { version: 4 }).expect(409)).body.missingItems).toEqual([
      { code: 'sk-jabatan', label: 'SK pengangkatan / SK jabatan terakhir' },
    ]);
    await upload(id, 'siti', 'sk-jabatan', samplePdf(['SK baru']), 'sk-baru.pdf').expect(201);
    const ready = (await post('siti', 'documents-ready', { version: 4 }).expect(200)).body;
    expect(ready.checklist[2].documents.map((d: any) => [d.round, d.name])).toEqual([[2, 'sk-baru.pdf']]);
  });
});
