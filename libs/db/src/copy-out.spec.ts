import { type CopyRow, copyOut } from './copy-out';

const connection = () => ({ connectionString: process.env.MUTU_TEST_ADMIN_URL! });
const text = (field: Buffer | null) => field?.toString('utf8') ?? null;

describe('copyOut, on a real PostgreSQL', () => {
  it('hands over every row in order, with bytes as stored and NULL as null', async () => {
    const rows: (string | null)[][] = [];
    await copyOut(
      connection(),
      `SELECT n, CASE WHEN n = 2 THEN NULL ELSE 'baris ' || n || E' \\\\ "kutip"\\tč' END
         FROM generate_series(1, 3) AS n ORDER BY n`,
      (row: CopyRow) => {
        rows.push([String(row[0]!.readInt32BE(0)), text(row[1])]);
        return true;
      },
    );
    expect(rows).toEqual([
      ['1', 'baris 1 \\ "kutip"\tč'],
      ['2', null],
      ['3', 'baris 3 \\ "kutip"\tč'],
    ]);
  });

  it('ends without rows, stops handing over when asked, and rejects with the database error', async () => {
    const none: CopyRow[] = [];
    await copyOut(connection(), 'SELECT 1 WHERE false', (row) => none.push(row) > 0);
    expect(none).toEqual([]);

    let seen = 0;
    await copyOut(connection(), 'SELECT n FROM generate_series(1, 10000) AS n', () => ++seen < 5);
    expect(seen).toBe(5);

    await expect(copyOut(connection(), 'SELECT 1 / 0', () => true)).rejects.toThrow(/division by zero/);
    await expect(
      copyOut(connection(), 'SELECT 1', () => {
        throw new Error('consumer failed');
      }),
    ).rejects.toThrow('consumer failed');
  });
});
