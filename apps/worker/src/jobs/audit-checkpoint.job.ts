import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditService } from '@mutu/audit';

/**
 * Signs the audit chain's head regularly, so that deleting the newest events cannot go unseen
 * for longer than one period.
 */
@Injectable()
export class AuditCheckpointJob {
  private readonly logger = new Logger('AuditCheckpoint');

  constructor(private readonly audit: AuditService) {}

  @Cron('0 */10 * * * *', { name: 'audit-checkpoint', timeZone: 'Asia/Jakarta' })
  async run(): Promise<void> {
    const checkpoint = await this.audit.checkpoint();
    this.logger.log(`Checkpoint audit pada nomor urut ${checkpoint.seq}`);
  }
}
