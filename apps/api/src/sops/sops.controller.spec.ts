import request from 'supertest';
import { createTestContext, type TestContext } from '../../../../test/support/test-app';
import { configureApiApp } from '../api.app';
import { ApiModule } from '../api.module';

const CODE = 'pembaruan-sertifikat-elektronik';

describe('SOP endpoints', () => {
  let ctx: TestContext;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp });
    http = request(ctx.app.getHttpServer());
  });
  afterAll(() => ctx.close());

  it('lists SOPs with the version in force', async () => {
    const res = await http.get('/sops').expect(200);
    expect(res.body).toEqual([expect.objectContaining({ code: CODE, currentVersion: 1, versionCount: 1 })]);
  });

  it('serves the current version with its steps and standards, and a named version', async () => {
    const current = await http.get(`/sops/${CODE}`).expect(200);
    expect(
      current.body.steps.map((s: { number: number; duration: string | null }) => [s.number, s.duration]),
    ).toEqual([
      [1, 'PT5M'],
      [2, 'PT5M'],
      [3, null],
      [4, 'P7D'],
    ]);
    const v1 = await http.get(`/sops/${CODE}?version=1`).expect(200);
    expect(v1.body).toEqual(current.body);
    expect((await http.get(`/sops/${CODE}/versions`).expect(200)).body).toHaveLength(1);
  });

  it('answers 400 naming the field for a bad or unknown query parameter', async () => {
    const res = await http.get(`/sops/${CODE}?version=dua&lang=xx`).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION' });
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { field: 'version', message: 'version harus bilangan bulat' },
        { field: 'lang', message: 'kolom tidak dikenal / unknown field' },
      ]),
    );
    expect(res.body.requestId).toEqual(expect.any(String));
  });

  it('answers 404 for an unknown SOP or version', async () => {
    expect((await http.get('/sops/tidak-ada').expect(404)).body).toMatchObject({
      code: 'NOT_FOUND',
      message: 'SOP "tidak-ada" tidak ditemukan',
    });
    await http.get(`/sops/${CODE}?version=7`).expect(404);
    await http.get('/sops/tidak-ada/versions').expect(404);
  });

  it('serves the SOP document as PDF and as HTML preview, to anyone', async () => {
    const pdf = await http.get(`/sops/${CODE}/document.pdf`).buffer(true).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      'inline; filename=sop-pembaruan-sertifikat-elektronik-v1.pdf',
    );
    expect(Buffer.from(pdf.body).subarray(0, 5).toString()).toBe('%PDF-');
    expect(Number(pdf.headers['content-length'])).toBe(pdf.body.length);

    const html = await http.get(`/sops/${CODE}/document.html?version=1`).expect(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('555/SOP-DISKOMINFOTIK/X/2022/003');
    expect(html.text).toContain('<svg');
  });

  it('answers 404 and 400 for the documents as for the SOP itself', async () => {
    await http.get(`/sops/${CODE}/document.pdf?version=7`).expect(404);
    await http.get('/sops/tidak-ada/document.html').expect(404);
    const res = await http.get(`/sops/${CODE}/document.pdf?version=0`).expect(400);
    expect(res.body.problems).toEqual([{ field: 'version', message: 'version minimal 1' }]);
  });

  it('reports the database in /health', async () => {
    expect((await http.get('/health').expect(200)).body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' } },
    });
  });
});
