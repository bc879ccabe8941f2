import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { ComplianceQuery } from '@mutu/compliance';
import { Clock, MUTU_CONFIG, type MutuConfig, PROJECT_ROOT } from '@mutu/config';
import { DATABASE_URL } from '@mutu/db';
import type { ComplianceWorkbookOptions } from './compliance-workbook.writer';

/** What the workbook process measured of its run, reported when it finishes. */
export interface WorkbookRun {
  /** Data rows written, over all sheets. */
  readonly rows: number;
  /** From the process's start until it was ready to export (Node, Nest, MikroORM), ms. */
  readonly bootMs: number;
  /** The export itself: the database read and the file written, ms. */
  readonly exportMs: number;
  /** The kernel's high-water mark of the process's resident memory, bytes. */
  readonly peakRssBytes: number;
}

/** The one message the workbook process receives. */
export interface WorkbookRequest {
  readonly config: MutuConfig;
  readonly databaseUrl: string;
  /** The moment the export is judged at (ISO), the starting application's clock. */
  readonly now: string;
  readonly query: ComplianceQuery;
  readonly target: string;
  readonly maxRowsPerSheet?: number;
}

/** What the workbook process sends back: totals and progress, then its end. */
export type WorkbookMessage =
  | { readonly total: number }
  | { readonly progress: number }
  | { readonly done: WorkbookRun }
  | { readonly failed: { readonly message: string; readonly code?: string } };

/**
 * V8's heap limits of the workbook process (MiB). Left to itself V8 sizes the heap by the
 * machine's memory: on 24 GiB a 64 MiB semi-space (128 MiB of young generation with both live)
 * and an old generation left to fill with 100+ MiB of promoted garbage (row batches, the XML
 * waiting for deflate) between the few full collections of an export: 350–420 MiB of RSS at
 * 200,000 step rows. A small young generation alone leaves that garbage (8 MiB: 273–288 MiB);
 * the old-space limit is what bounds it, paid in more full collections (about 45 instead of 8),
 * and a 16 MiB semi-space keeps the promotions that cause them down (4 MiB: twice the GC time).
 * 16/128 measured 202–233 MiB (1,000,000 step rows: 233 MiB), for a median export time within
 * the bench's noise of the unlimited heap's (8.2 s against 8.1 s at 200,000 rows, load ~4) but
 * more often slow under load: full collections compete for a busy machine's cores. The export's
 * live set is a batch of rows plus the booted modules, well under the limit; were it ever over,
 * only this process would end, not the API.
 */
const SEMI_SPACE_MIB = 16;
const OLD_SPACE_MIB = 128;

// The built tree's file, not this module's neighbour: under Jest this module is TypeScript (`npm
// test` builds first; a process of its own runs compiled code), and in the CLI it is part of the
// bundle in dist/apps/cli/src (scripts/bundle-cli.cjs), while this entry stays tsc's output.
const ENTRY = join(PROJECT_ROOT, 'dist', 'libs', 'reporting', 'src', 'compliance-workbook.main.js');

/**
 * Runs the compliance workbook export in a process of its own (compliance-workbook.main.ts),
 * booted with only what the export needs and a bounded heap, so its memory is the
 * export's alone and not added to (or kept by) the long-lived process asking for it: the API,
 * the worker or the CLI. The asking process keeps everything else (the archive, the audit).
 */
@Injectable()
export class WorkbookProcess {
  constructor(
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the workbook of `query` to `target`, in place; `options`' callbacks are called as the
   * process reports. Rejects with the process's error (a write failing: its message and code,
   * such as ENOSPC), or when the process ends without finishing (killed, out of memory).
   */
  run(query: ComplianceQuery, target: string, options: ComplianceWorkbookOptions = {}): Promise<WorkbookRun> {
    const request: WorkbookRequest = {
      config: this.config,
      databaseUrl: this.databaseUrl,
      now: this.clock.now().toISOString(),
      query,
      target,
      maxRowsPerSheet: options.maxRowsPerSheet,
    };
    // Only its own flags: the parent's (Jest's, --inspect) are not the export's business.
    const child = fork(ENTRY, [], {
      execArgv: [`--max-semi-space-size=${SEMI_SPACE_MIB}`, `--max-old-space-size=${OLD_SPACE_MIB}`],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    return new Promise<WorkbookRun>((resolve, reject) => {
      let outcome: WorkbookMessage | undefined;
      child.on('message', (message: WorkbookMessage) => {
        if ('total' in message) options.onTotal?.(message.total);
        else if ('progress' in message) options.onProgress?.(message.progress);
        else outcome = message;
      });
      child.once('error', reject);
      // Settled once the process has ended and its channel is read to the end (not on 'exit',
      // which may come before the last message), not on that message: by then the file is closed.
      child.once('close', (code, signal) => {
        if (outcome && 'done' in outcome) resolve(outcome.done);
        else if (outcome && 'failed' in outcome) {
          reject(Object.assign(new Error(outcome.failed.message), { code: outcome.failed.code }));
        } else {
          reject(
            new Error(
              `Proses ekspor Excel berhenti sebelum selesai / the workbook process ended early (${signal ?? `kode ${code}`})`,
            ),
          );
        }
      });
      child.send(request);
    });
  }
}
