import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212703_audit extends Migration {
  override name = 'Migration20261124212703_audit';

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

    this.addSql(`alter table "office_holiday" add "removed_at" timestamptz null;`);

    this.addSql(
      `create or replace function "audit_checkpoint_audit_checkpoint_append_only_fn"() returns trigger as \$\$ begin raise exception 'jejak audit hanya dapat ditambah (% ditolak pada %)', tg_op, tg_table_name using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "audit_checkpoint_append_only" BEFORE UPDATE OR DELETE on "audit_checkpoint" for each ROW execute function "audit_checkpoint_audit_checkpoint_append_only_fn"();`,
    );

    this.addSql(
      `create or replace function "audit_event_audit_event_append_only_fn"() returns trigger as \$\$ begin raise exception 'jejak audit hanya dapat ditambah (% ditolak pada %)', tg_op, tg_table_name using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "audit_event_append_only" BEFORE UPDATE OR DELETE on "audit_event" for each ROW execute function "audit_event_audit_event_append_only_fn"();`,
    );

    // Written by hand (schema diffs cannot see statement-level TRUNCATE triggers): TRUNCATE of
    // the audit tables is refused like UPDATE and DELETE.
    this.addSql(`create function audit_no_truncate() returns trigger language plpgsql as $$
      begin
        raise exception 'jejak audit hanya dapat ditambah (% ditolak pada %)', tg_op, tg_table_name
          using errcode = 'insufficient_privilege';
      end $$;`);
    for (const table of ['audit_event', 'audit_checkpoint']) {
      this.addSql(
        `create trigger ${table}_no_truncate before truncate on "${table}" for each statement execute function audit_no_truncate();`,
      );
    }
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "audit_checkpoint_append_only" on "audit_checkpoint";`);
    this.addSql(`drop function if exists "audit_checkpoint_audit_checkpoint_append_only_fn"();`);
    this.addSql(`drop table if exists "audit_checkpoint" cascade;`);
    this.addSql(`drop trigger if exists "audit_event_append_only" on "audit_event";`);
    this.addSql(`drop function if exists "audit_event_audit_event_append_only_fn"();`);
    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`alter table "office_holiday" drop column "removed_at";`);
    this.addSql(`drop function if exists audit_no_truncate() cascade;`);
  }
}
