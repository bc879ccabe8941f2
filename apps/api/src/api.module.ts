import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, type MutuConfig } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { SopsModule } from '@mutu/sops';
import { HealthController } from './health/health.controller';
import { DomainErrorFilter } from './http/domain-error.filter';
import { SopsController } from './sops/sops.controller';

@Module({})
export class ApiModule {
  static forRoot(config: MutuConfig, databaseUrl: string): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Request lines carry what identifies a request, not its headers (tokens live there).
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            genReqId: (req, res) => {
              const id = (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
          },
        }),
        DatabaseModule.forRoot(databaseUrl),
        TerminusModule,
        SopsModule,
      ],
      controllers: [HealthController, SopsController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
