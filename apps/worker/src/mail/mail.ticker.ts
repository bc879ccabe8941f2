import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { NotificationsService } from '@mutu/notifications';

/**
 * Sends the e-mail that is due. Which message goes, and who sends it, is settled by row locks
 * in the outbox, so several workers may tick at once; within this process a slow round (an SMTP
 * server timing out) makes the next tick a no-op rather than a second round beside it.
 */
@Injectable()
export class MailTicker implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Surel');
  private delivering: Promise<void> | null = null;

  constructor(private readonly notifications: NotificationsService) {}

  @Interval('mail-delivery', 15_000)
  tick(): Promise<void> {
    this.delivering ??= this.deliver().finally(() => (this.delivering = null));
    return this.delivering;
  }

  /** Lets a round in progress record its attempts before the database connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.delivering;
  }

  private async deliver(): Promise<void> {
    try {
      const round = await this.notifications.deliverDue();
      if (round.sent + round.retrying + round.failed > 0) {
        this.logger.log(
          `Surel terkirim ${round.sent}, diulang nanti ${round.retrying}, gagal ${round.failed}`,
        );
      }
    } catch (error) {
      this.logger.error('Putaran pengiriman surel gagal; dicoba lagi pada putaran berikutnya', error);
    }
  }
}
