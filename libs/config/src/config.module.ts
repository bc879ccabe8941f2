import type { DynamicModule } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { MutuConfig } from './mutu-config';

/** Injection token of the validated configuration object. */
export const MUTU_CONFIG = Symbol('MUTU_CONFIG');

/**
 * The configuration and the clock, for every module (global). Only ever imported through forRoot,
 * whose dynamic metadata is all Nest reads, so the class needs no @Module/@Global decorators: this
 * library then loads without @nestjs/common (~0.15 s), and the CLI reads its configuration and
 * starts Chromium before Nest loads (apps/cli/src/main.ts).
 */
export class ConfigModule {
  /** `clock` replaces the system clock: tests drive time, the demo records a made-up past. */
  static forRoot(config: MutuConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [
        { provide: MUTU_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [MUTU_CONFIG, Clock],
    };
  }
}
