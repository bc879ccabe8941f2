import { Migration } from '@mikro-orm/migrations';
import { canonicalJson } from '@mutu/domain';

/** What an event's old columns said, as jsonb text; the instant as JavaScript's toISOString writes it. */
const COLUMNS_AS_JSONB = `jsonb_build_object(
    'seq', seq, 'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'actorId', actor_id, 'actorRole', actor_role, 'action', action, 'entityType', entity_type,
    'entityId', entity_id, 'before', before, 'after', after, 'requestId', request_id, 'clientIp', client_ip)`;

const BACKFILL_BATCH = 10_000;

/**
 * The audit event's canonical JSON becomes its only content: the columns that repeated it (and
 * could be edited apart from it) are dropped, readers read the hashed bytes, and the filters
 * they need are expression indexes over them. Events recorded before the bytes were kept get
 * them rebuilt from their columns first, as verification rebuilt them until now (so an event
 * edited before this migration still fails its hash). Adds the canonical column itself when
 * missing, so it runs whichever of the two comes first.
 */
export class Migration20261130170001_audit_canonical_only extends Migration {
  override name = 'Migration20261130170001_audit_canonical_only';

  override async up(): Promise<void> {
    await this.execute(`alter table "audit_event" add column if not exists "canonical" text null;`);
    await this.execute(`alter table "audit_event" disable trigger "audit_event_append_only";`);
    for (;;) {
      const rows = (await this.execute(
        `SELECT seq, ${COLUMNS_AS_JSONB}::text AS legacy FROM audit_event
          WHERE canonical IS NULL ORDER BY seq LIMIT ${BACKFILL_BATCH}`,
      )) as { seq: string; legacy: string }[];
      if (!rows.length) break;
      await this.execute(
        `UPDATE audit_event e SET canonical = v.canonical
           FROM json_to_recordset(?::json) AS v(seq bigint, canonical text) WHERE e.seq = v.seq`,
        [JSON.stringify(rows.map((r) => ({ seq: r.seq, canonical: canonicalJson(JSON.parse(r.legacy)) })))],
      );
    }
    await this.execute(`alter table "audit_event" enable trigger "audit_event_append_only";`);

    this.addSql(`alter table "audit_event" alter column "canonical" set not null;`);
    this.addSql(`drop index "audit_event_entity_type_entity_id_index";`);
    this.addSql(`drop index "audit_event_occurred_at_index";`);
    this.addSql(`drop index "audit_event_actor_id_index";`);
    this.addSql(
      `alter table "audit_event" drop column "occurred_at", drop column "actor_id", drop column "actor_role",
         drop column "action", drop column "entity_type", drop column "entity_id", drop column "before",
         drop column "after", drop column "request_id", drop column "client_ip";`,
    );
    this.addSql(
      `create index "audit_event_entity_index" on "audit_event" ((canonical::jsonb ->> 'entityType'), (canonical::jsonb ->> 'entityId'));`,
    );
    this.addSql(
      `create index "audit_event_occurred_at_index" on "audit_event" (((canonical::jsonb ->> 'occurredAt') COLLATE "C"));`,
    );
    this.addSql(
      `create index "audit_event_actor_id_index" on "audit_event" ((canonical::jsonb ->> 'actorId'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_event_entity_index";`);
    this.addSql(`drop index "audit_event_occurred_at_index";`);
    this.addSql(`drop index "audit_event_actor_id_index";`);
    this.addSql(
      `alter table "audit_event" add column "occurred_at" timestamptz null, add column "actor_id" text null,
         add column "actor_role" varchar(255) null, add column "action" varchar(255) null,
         add column "entity_type" varchar(255) null, add column "entity_id" text null, add column "before" jsonb null,
         add column "after" jsonb null, add column "request_id" text null, add column "client_ip" text null;`,
    );
    this.addSql(`alter table "audit_event" disable trigger "audit_event_append_only";`);
    this.addSql(
      `update "audit_event" e set occurred_at = (c ->> 'occurredAt')::timestamptz, actor_id = c ->> 'actorId',
         actor_role = c ->> 'actorRole', action = c ->> 'action', entity_type = c ->> 'entityType',
         entity_id = c ->> 'entityId', before = nullif(c -> 'before', 'null'), after = nullif(c -> 'after', 'null'),
         request_id = c ->> 'requestId', client_ip = c ->> 'clientIp'
         from (select seq, canonical::jsonb as c from "audit_event") j where j.seq = e.seq;`,
    );
    this.addSql(`alter table "audit_event" enable trigger "audit_event_append_only";`);
    this.addSql(
      `alter table "audit_event" alter column "occurred_at" set not null, alter column "actor_id" set not null,
         alter column "actor_role" set not null, alter column "action" set not null,
         alter column "entity_type" set not null, alter column "entity_id" set not null;`,
    );
    this.addSql(
      `create index "audit_event_entity_type_entity_id_index" on "audit_event" ("entity_type", "entity_id");`,
    );
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at");`);
    this.addSql(`create index "audit_event_actor_id_index" on "audit_event" ("actor_id");`);
  }
}
