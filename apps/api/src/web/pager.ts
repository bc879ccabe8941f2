import { ValidationError } from '@mutu/domain';

/** The page number of a list from its query parameter `halaman`; 1 when absent. */
export function pageNumber(value: unknown): number {
  if (value === undefined || value === '') return 1;
  if (typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value)) return Number(value);
  throw new ValidationError(
    [{ field: 'halaman', message: 'harus bilangan bulat ≥ 1' }],
    'Halaman tidak valid',
  );
}

/**
 * Links to the previous and next page of a paged list, keeping its filters; what the pager
 * partial (templates/web/pager.hbs) places.
 */
export function pager(
  path: string,
  filters: Record<string, string | undefined>,
  list: { readonly page: number; readonly pageSize: number; readonly total: number },
) {
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const link = (page: number) => {
    const params = new URLSearchParams(
      Object.entries({ ...filters, halaman: String(page) }).filter((e): e is [string, string] =>
        Boolean(e[1]),
      ),
    );
    return `${path}?${params.toString()}`;
  };
  return {
    page: list.page,
    pages,
    total: list.total,
    previous: list.page > 1 ? link(list.page - 1) : null,
    next: list.page < pages ? link(list.page + 1) : null,
  };
}
