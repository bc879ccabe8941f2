import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { JobsService } from '@mutu/jobs';

/**
 * Signs the audit chain's head regularly, so that deleting the newest events cannot go unseen
 * for longer than one period. One signature covers everything before it, so after downtime only
 * the newest missed time is caught up.
 */
@Injectable()
export class AuditCheckpointJob implements OnModuleInit {
  private readonly logger = new Logger('AuditCheckpoint');

  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  onModuleInit(): void {
    const cron = this.config.jobs.auditCheckpointCron;
    if (!cron) return;
    this.jobs.register({
      name: 'audit-checkpoint',
      cron,
      catchUp: 'latest',
      handler: async () => {
        const checkpoint = await this.audit.checkpoint();
        this.logger.log(`Checkpoint audit pada nomor urut ${checkpoint.seq}`);
      },
    });
  }
}
