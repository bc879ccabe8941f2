import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { CalendarModule } from '@mutu/calendar';
import { type Clock, ConfigModule, type MutuConfig } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { RenewalsModule } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { type ChromiumRenderer, ReportingModule, STARTED_RENDERER } from '@mutu/reporting';

/** What a command adds to the application (see CliModule.forRoot). */
export interface CliContext {
  readonly clock?: Clock;
  readonly renderer?: ChromiumRenderer;
  readonly modules?: NonNullable<DynamicModule['imports']>;
}

@Module({})
export class CliModule {
  /**
   * `clock` replaces the system clock, for commands that record a made-up past (`demo`);
   * `renderer`, started before the application, is the one reports print with (`report`);
   * `modules` are the contexts that only some commands load (accounts.ts: user:*, demo).
   */
  static forRoot(
    config: MutuConfig,
    databaseUrl: string,
    { clock, renderer, modules = [] }: CliContext = {},
  ): DynamicModule {
    return {
      module: CliModule,
      // Global, so that ReportingModule finds the started renderer.
      global: true,
      providers: renderer ? [{ provide: STARTED_RENDERER, useValue: renderer }] : [],
      exports: renderer ? [STARTED_RENDERER] : [],
      imports: [
        ConfigModule.forRoot(config, clock),
        DatabaseModule.forRoot(databaseUrl, config.database, { keep: false }),
        SopsModule,
        RenewalsModule,
        AuditModule,
        CalendarModule,
        ReportingModule,
        ...modules,
      ],
    };
  }
}
