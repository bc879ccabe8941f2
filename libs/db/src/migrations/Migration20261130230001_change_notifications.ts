import { Migration } from '@mikro-orm/migrations';

/**
 * Every committed write to what the API keeps in process (a renewal's view, a signed-in account)
 * is told on the channel `mutu_change` as `<kind>:<ids>` (`<kind>:*` when many rows or a whole
 * table changed), so every API process drops what it kept, whoever wrote: the API, the worker,
 * the CLI or raw SQL (ChangeFeed). Statement-level triggers: one notification per statement, not
 * per row, and the ids are read from a bounded sample, so a bulk load costs one small query.
 *
 * `mutu_notify_change(kind, keys)`: `keys` is a query over `%s`, the statement's changed rows,
 * giving the ids of kind's entries; omitted, the whole kind is dropped.
 */
export class Migration20261130230001_change_notifications extends Migration {
  override name = 'Migration20261130230001_change_notifications';

  override up(): void | Promise<void> {
    this.addSql(`
      create function mutu_notify_change() returns trigger language plpgsql as $$
      declare
        kind text := tg_argv[0];
        rows_sql text;
        sampled int;
        ids text[];
      begin
        if tg_nargs < 2 or tg_op = 'TRUNCATE' then
          perform pg_notify('mutu_change', kind || ':*');
          return null;
        end if;
        rows_sql := case tg_op
          when 'INSERT' then format(tg_argv[1], 'new_rows')
          when 'DELETE' then format(tg_argv[1], 'old_rows')
          else format(tg_argv[1], 'new_rows') || ' union all ' || format(tg_argv[1], 'old_rows') end;
        execute format('select count(*), array_agg(distinct k) from (select k from (%s) c(k) limit 1001) s', rows_sql)
          into sampled, ids;
        if sampled = 0 then return null; end if;
        perform pg_notify('mutu_change', kind || ':' ||
          case when sampled > 1000 or cardinality(ids) > 100 then '*' else array_to_string(ids, ',') end);
        return null;
      end $$;`);
    for (const [table, kind, keys] of WATCHED) {
      const args = keys ? `'${kind}', '${keys.replaceAll("'", "''")}'` : `'${kind}'`;
      if (keys) {
        this.addSql(`create trigger ${table}_inserted_notify after insert on "${table}"
          referencing new table as new_rows for each statement execute function mutu_notify_change(${args});`);
        this.addSql(`create trigger ${table}_updated_notify after update on "${table}"
          referencing new table as new_rows old table as old_rows for each statement execute function mutu_notify_change(${args});`);
        this.addSql(`create trigger ${table}_deleted_notify after delete on "${table}"
          referencing old table as old_rows for each statement execute function mutu_notify_change(${args});`);
      } else {
        this.addSql(`create trigger ${table}_changed_notify after insert or update or delete on "${table}"
          for each statement execute function mutu_notify_change(${args});`);
      }
      this.addSql(`create trigger ${table}_truncated_notify after truncate on "${table}"
        for each statement execute function mutu_notify_change('${kind}');`);
    }
  }

  override down(): void | Promise<void> {
    for (const [table, , keys] of WATCHED) {
      for (const suffix of keys
        ? ['inserted', 'updated', 'deleted', 'truncated']
        : ['changed', 'truncated']) {
        this.addSql(`drop trigger ${table}_${suffix}_notify on "${table}";`);
      }
    }
    this.addSql('drop function mutu_notify_change();');
  }
}

/** Table, kind of kept entry, and the query over its changed rows `%s` giving the entries' ids. */
const WATCHED: readonly (readonly [string, 'renewal' | 'account', string | null])[] = [
  ['renewal', 'renewal', 'select id::text from %s'],
  ['step_instance', 'renewal', 'select renewal_id::text from %s'],
  ['supporting_document', 'renewal', 'select renewal_id::text from %s'],
  ['holder', 'renewal', 'select r.id::text from renewal r join %s c on c.id = r.holder_id'],
  ['agency', 'renewal', 'select r.id::text from renewal r join %s c on c.id = r.agency_id'],
  // Rarely written (a SOP revision is a new version; a calendar change bumps its revision), and
  // the calendar's revision is part of every kept view: the whole kind goes.
  ['sop', 'renewal', null],
  ['sop_version', 'renewal', null],
  ['calendar_revision', 'renewal', null],
  ['app_user', 'account', 'select id::text from %s'],
];
