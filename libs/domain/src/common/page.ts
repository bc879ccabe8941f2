/** One page of a longer list, as every list endpoint answers it. */
export interface Page<T> {
  readonly items: T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/**
 * Page `page` (1-based) of `pageSize` rows: `search` is given the window to read and answers the
 * rows with the count of the whole list; each row is shown through `view`.
 */
export async function readPage<R, T>(
  page: number,
  pageSize: number,
  search: (window: { offset: number; limit: number }) => Promise<[R[], number]>,
  view: (row: R) => T,
): Promise<Page<T>> {
  const [rows, total] = await search({ offset: (page - 1) * pageSize, limit: pageSize });
  return { items: rows.map(view), page, pageSize, total };
}
