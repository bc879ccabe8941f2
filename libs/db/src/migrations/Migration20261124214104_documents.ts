import { Migration } from '@mikro-orm/migrations';

export class Migration20261124214104_documents extends Migration {
  override name = 'Migration20261124214104_documents';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "supporting_document" ("id" uuid not null, "renewal_id" uuid not null, "round" int not null, "item" varchar(255) not null, "sha256" varchar(64) not null, "size" int not null, "media_type" varchar(255) not null, "name" text not null, "uploaded_by" text not null, "uploaded_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "supporting_document" add constraint "supporting_document_renewal_id_round_item_sha256_unique" unique ("renewal_id", "round", "item", "sha256");`,
    );

    this.addSql(`alter table "sop_version" add "checklist" jsonb not null default '[]';`);

    this.addSql(
      `alter table "supporting_document" add constraint "supporting_document_renewal_id_foreign" foreign key ("renewal_id") references "renewal" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "supporting_document" cascade;`);

    this.addSql(`alter table "sop_version" drop column "checklist";`);
  }
}
