import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { MutuConfig } from './mutu-config';

/** Injection token of the validated configuration object. */
export const MUTU_CONFIG = Symbol('MUTU_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** `clock` replaces the system clock: tests drive time, the demo records a made-up past. */
  static forRoot(config: MutuConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: MUTU_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [MUTU_CONFIG, Clock],
    };
  }
}
