import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { SOP_DEFINITIONS_DIR } from '@mutu/config';
import { SopsService } from './sops.service';

/** Loads the SOP definitions shipped in the repository; already-loaded ones are left as they are. */
@Injectable()
class SeedShippedSops implements OnApplicationBootstrap {
  private readonly logger = new Logger('SOP');

  constructor(private readonly sops: SopsService) {}

  async onApplicationBootstrap(): Promise<void> {
    const files = (await readdir(SOP_DEFINITIONS_DIR)).filter((f) => f.endsWith('.json')).sort();
    for (const file of files) {
      const loaded = await this.sops.loadShipped(join(SOP_DEFINITIONS_DIR, file));
      if (loaded?.created) {
        this.logger.log(`SOP ${loaded.version.number} versi ${loaded.version.version} dimuat dari ${file}`);
      }
    }
  }
}

@Module({
  imports: [AuditModule],
  providers: [SopsService, SeedShippedSops],
  exports: [SopsService],
})
export class SopsModule {}
