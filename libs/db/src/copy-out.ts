import { Client, type ClientConfig, type Connection, type Submittable } from 'pg';

/** A row of binary COPY: each field's bytes as stored (a view valid only during the call), null for NULL. */
export type CopyRow = readonly (Buffer | null)[];

// "PGCOPY\n\377\r\n\0", then 32-bit flags, then the length of a header extension (PostgreSQL: 0).
const SIGNATURE_BYTES = 11;

/**
 * `COPY … TO STDOUT (FORMAT binary)` as a pg "submittable": PostgreSQL sends each row as one
 * CopyData message, which is parsed and handed over as it arrives, so nothing accumulates (a
 * slow consumer holds up the socket, not memory).
 */
class CopyOutQuery implements Submittable {
  private headerRead = false;
  private stopped = false;
  private error: Error | null = null;

  constructor(
    readonly text: string,
    private readonly onRow: (row: CopyRow) => boolean,
    private readonly settle: (error: Error | null) => void,
  ) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.stopped) return;
    const chunk = message.chunk;
    let offset = 0;
    if (!this.headerRead) {
      offset = SIGNATURE_BYTES + 4;
      offset += 4 + chunk.readUInt32BE(offset);
      this.headerRead = true;
      if (offset >= chunk.length) return;
    }
    const count = chunk.readInt16BE(offset);
    offset += 2;
    if (count < 0) return; // the trailer
    const row = new Array<Buffer | null>(count);
    for (let i = 0; i < count; i++) {
      const length = chunk.readInt32BE(offset);
      offset += 4;
      if (length < 0) {
        row[i] = null;
      } else {
        row[i] = chunk.subarray(offset, offset + length);
        offset += length;
      }
    }
    try {
      if (!this.onRow(row)) this.stopped = true;
    } catch (error) {
      this.error = error as Error;
      this.stopped = true;
    }
  }

  handleCommandComplete(): void {}

  handleError(error: Error): void {
    this.error ??= error;
    // A lost connection is told here only, with no ReadyForQuery after it.
    this.settle(this.error);
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }
}

/**
 * Runs `COPY (select) TO STDOUT (FORMAT binary)` on a connection of its own and hands each row
 * to `onRow` as it arrives; `onRow` returns false when it wants no more (the rest is read and
 * dropped). For long reads of many plain rows, where a query's per-row decoding into strings and
 * objects would cost more than the work done with them. `select` takes no parameters: COPY binds
 * none. Rejects with PostgreSQL's error, or with what `onRow` threw.
 */
export async function copyOut(
  connection: ClientConfig,
  select: string,
  onRow: (row: CopyRow) => boolean,
): Promise<void> {
  const client = new Client(connection);
  await client.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const query = new CopyOutQuery(`COPY (${select}) TO STDOUT (FORMAT binary)`, onRow, (error) =>
        error ? reject(error) : resolve(),
      );
      // pg hands every message of a submittable's query to it (the protocol is ours).
      client.query(query);
    });
  } finally {
    await client.end();
  }
}
