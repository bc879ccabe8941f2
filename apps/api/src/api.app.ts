import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './http/validation.pipe';
import { mountOpenApi } from './openapi';

/** HTTP wiring shared by main and the tests, so tests exercise the app as it runs. */
export function configureApiApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(helmet());
  app.useGlobalPipes(createValidationPipe());
  mountOpenApi(app);
  return app;
}
