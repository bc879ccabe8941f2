import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type MutuConfig } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { SopsModule } from '@mutu/sops';

@Module({})
export class CliModule {
  static forRoot(config: MutuConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(databaseUrl), SopsModule],
    };
  }
}
