import { Migration } from '@mikro-orm/migrations';

export class Migration20261124211533_audit extends Migration {
  override name = 'Migration20261124211533_audit';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "audit_checkpoint" ("id" bigserial primary key, "seq" bigint not null, "head_hash" varchar(64) not null, "created_at" timestamptz not null, "signature" varchar(64) not null);`,
    );

    this.addSql(
      `create table "audit_event" ("seq" bigint not null, "occurred_at" timestamptz not null, "actor_id" text not null, "actor_role" varchar(255) not null, "action" varchar(255) not null, "entity_type" varchar(255) not null, "entity_id" text not null, "before" jsonb null, "after" jsonb null, "request_id" text null, "client_ip" text null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, primary key ("seq"));`,
    );
    this.addSql(
      `create index "audit_event_entity_type_entity_id_index" on "audit_event" ("entity_type", "entity_id");`,
    );
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at");`);
    this.addSql(`create index "audit_event_actor_id_index" on "audit_event" ("actor_id");`);

    // Written by hand: the audit trail is append-only. The application never updates or deletes
    // it, and the database refuses anyone who tries (a superuser must disable the trigger first,
    // which the hash chain and signed checkpoints then expose).
    this.addSql(`create function audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'jejak audit hanya dapat ditambah (% ditolak pada %)', tg_op, tg_table_name
          using errcode = 'insufficient_privilege';
      end $$;`);
    for (const table of ['audit_event', 'audit_checkpoint']) {
      this.addSql(
        `create trigger ${table}_append_only before update or delete on "${table}" for each row execute function audit_append_only();`,
      );
      this.addSql(
        `create trigger ${table}_no_truncate before truncate on "${table}" for each statement execute function audit_append_only();`,
      );
    }
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "audit_checkpoint" cascade;`);
    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop function if exists audit_append_only();`);
  }
}
