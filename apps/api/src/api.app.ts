import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import compression from 'compression';
import helmet from 'helmet';
import type { NextFunction, Request, Response } from 'express';
import { runWithRequestMeta } from '@mutu/audit';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { Logger } from 'nestjs-pino';
import { useBodyParsers } from './http/body-parsers';
import { createValidationPipe } from './http/validation.pipe';
import { mountOpenApi } from './openapi';

/** HTTP wiring shared by main and the tests, so tests exercise the app as it runs. */
export function configureApiApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  const { corsOrigins, web } = app.get<MutuConfig>(MUTU_CONFIG);
  // Behind an HTTPS proxy, req.secure and req.ip come from X-Forwarded-*: cookies are then Secure.
  if (web.trustProxy) app.getHttpAdapter().getInstance().set('trust proxy', true);
  app.use(helmet());
  // Pages travel over slow connections; API answers and downloads are left as they are.
  app.use(
    compression({
      filter: (_req, res) =>
        /^(text\/(html|css|javascript))/.test(String(res.getHeader('Content-Type') ?? '')),
    }),
  );
  if (corsOrigins.length) {
    app.enableCors({
      origin: corsOrigins.includes('*') ? true : [...corsOrigins],
      exposedHeaders: ['x-request-id', 'idempotent-replayed'],
    });
  }
  // Each request gets an id (or keeps the caller's), echoed back and written into its audit events.
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', req.id);
    runWithRequestMeta({ requestId: req.id, clientIp: req.ip ?? null }, next);
  });
  useBodyParsers(app);
  // A kept-alive connection is closed by the client first (undici and browsers wait about 4 s;
  // proxies up to 60 s): when the server's own 5 s timer fires late, after a busy moment, it
  // closes a connection a request is already on its way over, and that request fails (reset).
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  app.useGlobalPipes(createValidationPipe());
  mountOpenApi(app);
  return app;
}
