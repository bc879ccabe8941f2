import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundError } from '@mutu/domain';
import { BrowserNotFoundError, RendererUnavailableError } from '@mutu/reporting';
import { DomainErrorFilter } from './domain-error.filter';

/** Runs the filter on one error and returns what the response would carry. */
function answer(error: unknown): {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
} {
  const sent = { status: 0, body: {} as Record<string, unknown> } as ReturnType<typeof answer>;
  const response = {
    setHeader: (name: string, value: string) => (sent.headers = { ...sent.headers, [name]: value }),
    status: (code: number) => ((sent.status = code), response),
    json: (body: Record<string, unknown>) => (sent.body = body),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-1' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  const filter = new DomainErrorFilter();
  (filter as unknown as { logger: object }).logger = { error: () => undefined, warn: () => undefined };
  filter.catch(error, host);
  return sent;
}

describe('DomainErrorFilter', () => {
  it('answers a missing browser with 503 and no server paths', () => {
    const { status, body } = answer(
      new BrowserNotFoundError([{ place: 'Chromium sistem', path: '/usr/bin/chromium' }]),
    );
    expect(status).toBe(503);
    expect(body).toEqual({
      statusCode: 503,
      error: 'SERVICE_UNAVAILABLE',
      code: 'BROWSER_NOT_FOUND',
      message: 'Pembuat dokumen PDF belum tersedia di server ini; hubungi admin',
      requestId: 'req-1',
    });
  });

  it('answers a renderer still starting with 503 and Retry-After', () => {
    const { status, body, headers } = answer(new RendererUnavailableError('Chromium masih dijalankan'));
    expect(status).toBe(503);
    expect(headers).toEqual({ 'Retry-After': '5' });
    expect(body).toMatchObject({ code: 'RENDERER_UNAVAILABLE', message: expect.stringMatching(/coba lagi/) });
  });

  it('keeps the details of a client-side domain error', () => {
    expect(answer(new NotFoundError('SOP', 'x'))).toEqual({
      status: 404,
      body: {
        statusCode: 404,
        error: 'NOT_FOUND',
        code: 'NOT_FOUND',
        entity: 'SOP',
        key: 'x',
        message: 'SOP "x" tidak ditemukan',
        requestId: 'req-1',
      },
    });
  });

  it("answers PostgreSQL's refusal of a client's value as bad input, naming the column when it can", () => {
    const refusal = (code: string, column?: string) =>
      Object.assign(new Error('nilai di luar jangkauan untuk tipe integer'), { code, column });
    expect(answer(refusal('22003'))).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION', problems: [{ field: 'request', message: 'nilai tidak dapat disimpan' }] },
    });
    expect(answer(refusal('23502', 'name'))).toMatchObject({
      status: 400,
      body: { problems: [{ field: 'name', message: 'melanggar aturan data' }] },
    });
    expect(answer(refusal('23505'))).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    // Other classes (a lost connection, a node error code) are not the client's fault.
    expect(answer(refusal('08006')).status).toBeGreaterThanOrEqual(500);
    expect(answer(refusal('EPIPE')).status).toBeGreaterThanOrEqual(500);
  });

  it('reveals nothing of an unexpected error', () => {
    const { status, body } = answer(new Error('koneksi ke 10.0.0.5 gagal'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('10.0.0.5');
  });
});
