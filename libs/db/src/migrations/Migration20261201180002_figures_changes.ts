import { Migration } from '@mikro-orm/migrations';

/**
 * The compliance figures kept in process (KeptReads) are told apart from the renewal views: they
 * count renewals and ended steps only, so a write to a running step (the SLA watch's claims, a
 * checklist, a passphrase) leaves them, where any write to a renewal's rows drops its view. The
 * kind `figures` is told, always as `figures:*` (they are not keyed by renewal), on any write to
 * renewals, agencies, holders or SOP versions, and on a write to a step that is or was ended.
 *
 * And a transaction that notifies names the kinds it wrote in its own setting `mutu.changed`
 * (transaction-local), so that the process that wrote drops only those at once
 * (TransactionRunner.run): a web session touched or a report filed keeps the figures.
 */
export class Migration20261201180002_figures_changes extends Migration {
  override name = 'Migration20261201180002_figures_changes';

  override up(): void | Promise<void> {
    this.addSql(notifyFunction(true));
    for (const [table, keys] of FIGURES_WATCHED) {
      const args = keys ? `'figures', '${keys.replaceAll("'", "''")}'` : `'figures'`;
      if (keys) {
        this.addSql(`create trigger ${table}_figures_inserted_notify after insert on "${table}"
          referencing new table as new_rows for each statement execute function mutu_notify_change(${args});`);
        this.addSql(`create trigger ${table}_figures_updated_notify after update on "${table}"
          referencing new table as new_rows old table as old_rows for each statement execute function mutu_notify_change(${args});`);
        this.addSql(`create trigger ${table}_figures_deleted_notify after delete on "${table}"
          referencing old table as old_rows for each statement execute function mutu_notify_change(${args});`);
      } else {
        this
          .addSql(`create trigger ${table}_figures_changed_notify after insert or update or delete on "${table}"
          for each statement execute function mutu_notify_change(${args});`);
      }
      this.addSql(`create trigger ${table}_figures_truncated_notify after truncate on "${table}"
        for each statement execute function mutu_notify_change('figures');`);
    }
  }

  override down(): void | Promise<void> {
    for (const [table, keys] of FIGURES_WATCHED) {
      for (const suffix of keys
        ? ['inserted', 'updated', 'deleted', 'truncated']
        : ['changed', 'truncated']) {
        this.addSql(`drop trigger ${table}_figures_${suffix}_notify on "${table}";`);
      }
    }
    this.addSql(notifyFunction(false));
  }
}

/** Table, and the query over its changed rows `%s` that has a row when the figures may change. */
const FIGURES_WATCHED: readonly (readonly [string, string | null])[] = [
  ['renewal', "select '*' from %s"],
  ['step_instance', "select '*' from %s where ended_at is not null"],
  ['agency', "select '*' from %s"],
  ['holder', "select '*' from %s"],
  ['sop_version', null],
];

/**
 * mutu_notify_change as Migration20261130230001_change_notifications made it, and with `told`
 * also naming the kind in the transaction's setting `mutu.changed` when it notifies.
 */
function notifyFunction(told: boolean): string {
  const tell = told
    ? `perform set_config('mutu.changed', coalesce(current_setting('mutu.changed', true), '') || ',' || kind, true);`
    : '';
  return `
      create or replace function mutu_notify_change() returns trigger language plpgsql as $$
      declare
        kind text := tg_argv[0];
        rows_sql text;
        sampled int;
        ids text[];
      begin
        if tg_nargs < 2 or tg_op = 'TRUNCATE' then
          ${tell}
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
        ${tell}
        perform pg_notify('mutu_change', kind || ':' ||
          case when sampled > 1000 or cardinality(ids) > 100 then '*' else array_to_string(ids, ',') end);
        return null;
      end $$;`;
}
