import { Migration } from '@mikro-orm/migrations';

export class Migration202611301602_idempotency_unanswered extends Migration {
  override name = 'Migration202611301602_idempotency_unanswered';

  override up(): void | Promise<void> {
    // Claims now commit only with their answer. Claims left unanswered by a process that died
    // under the former scheme (claim, action and answer in separate transactions) kept their key
    // "still in progress" for ever: they are freed, so a retry acts.
    this.addSql(`delete from "idempotency_record" where "response_status" is null;`);
  }

  override down(): void | Promise<void> {}
}
