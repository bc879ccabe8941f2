import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ConfigModule, type MutuConfig } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { RenewalsModule } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';

@Module({})
export class CliModule {
  /** `clock` replaces the system clock, for commands that record a made-up past (`demo`). */
  static forRoot(config: MutuConfig, databaseUrl: string, clock?: Clock): DynamicModule {
    const configModule = ConfigModule.forRoot(config);
    return {
      module: CliModule,
      imports: [
        clock
          ? {
              ...configModule,
              providers: [
                ...(configModule.providers ?? []).filter((p) => typeof p !== 'object' || p.provide !== Clock),
                { provide: Clock, useValue: clock },
              ],
            }
          : configModule,
        DatabaseModule.forRoot(databaseUrl),
        SopsModule,
        RenewalsModule,
      ],
    };
  }
}
