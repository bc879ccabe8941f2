import { Migration } from '@mikro-orm/migrations';

/**
 * A holder's renewals by key: the change notifications of a holder write
 * (Migration20261130230001_change_notifications) find the renewals whose kept views it touches,
 * and a holder's own list selects them; without it, each was a scan of every renewal.
 */
export class Migration20261130250002_renewal_holder extends Migration {
  override name = 'Migration20261130250002_renewal_holder';

  override up(): void | Promise<void> {
    this.addSql(`create index "renewal_holder_id_index" on "renewal" ("holder_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "renewal_holder_id_index";`);
  }
}
