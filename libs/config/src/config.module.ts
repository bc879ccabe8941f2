import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { MutuConfig } from './mutu-config';

/** Injection token of the validated configuration object. */
export const MUTU_CONFIG = Symbol('MUTU_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: MutuConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: MUTU_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [MUTU_CONFIG, Clock],
    };
  }
}
