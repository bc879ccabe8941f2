import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { SopRepository, TransactionRunner, type Sop } from '@mutu/db';
import {
  canonicalJson,
  deepFreeze,
  NotFoundError,
  officeDate,
  parseSopDefinition,
  type SopDefinition,
  ValidationError,
} from '@mutu/domain';
import {
  type SopLoadResultView,
  type SopSummaryView,
  type SopVersionView,
  sopVersionView,
} from './sop.views';

interface ParsedDefinition {
  readonly definition: SopDefinition;
  /** Of the definition's canonical JSON: a version's identity (definitionSha256). */
  readonly sha256: string;
}

/** @throws ValidationError naming each problem of the definition. */
function parsed(input: unknown): ParsedDefinition {
  const definition = parseSopDefinition(input);
  return { definition, sha256: createHash('sha256').update(canonicalJson(definition)).digest('hex') };
}

/** The JSON in a definition file. @throws ValidationError naming the file when it is not JSON. */
async function readDefinitionFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ValidationError([
      { field: basename(path), message: `bukan berkas JSON yang dapat dibaca: ${(error as Error).message}` },
    ]);
  }
}

function withDates(input: unknown, dates: { readonly effectiveOn?: string; readonly revisedOn?: string }) {
  if (!dates.effectiveOn && !dates.revisedOn) return input;
  if (typeof input !== 'object' || input === null) return input; // the parser names what is wrong
  const { identity } = input as { identity?: unknown };
  return {
    ...input,
    identity: {
      ...(typeof identity === 'object' ? identity : {}),
      ...(dates.effectiveOn && { effectiveOn: dates.effectiveOn }),
      ...(dates.revisedOn && { revisedOn: dates.revisedOn }),
    },
  };
}

/** More versions than an office ever loads; past it, the kept ones are read again. */
const KEPT_VERSIONS = 100;

@Injectable()
export class SopsService {
  constructor(
    private readonly sops: SopRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  list(): Promise<SopSummaryView[]> {
    return this.tx.read(() => this.summaries());
  }

  /**
   * A given version, or the one in force today (WIB) when none is named. Which version that is,
   * is read each time; the version itself is kept in this process once read (keptVersions).
   * The view is shared: frozen, never to be changed by a caller.
   * @throws NotFoundError for an unknown SOP, or a version it does not have.
   */
  get(code: string, version?: number): Promise<SopVersionView> {
    return this.tx.read(async () => {
      const today = this.today();
      const id = await this.sops.findVersionId(
        code,
        version === undefined ? { inForceOn: today } : { version },
      );
      const kept = id === null ? undefined : this.keptVersions.get(id);
      if (kept) return kept;
      const found = id === null ? null : await this.sops.findVersionById(id);
      if (!found) {
        await this.requireSop(code);
        throw new NotFoundError(
          'Versi SOP',
          version === undefined ? `${code} (berlaku ${today})` : `${code} v${version}`,
        );
      }
      const view = deepFreeze(sopVersionView(code, found));
      if (this.keptVersions.size >= KEPT_VERSIONS) this.keptVersions.clear();
      this.keptVersions.set(found.id, view);
      return view;
    });
  }

  /**
   * Versions read, by id. A version is never updated (a revision is a new row, SopRepository),
   * so what is kept never goes stale and nothing drops it: every report and SOP page asked for
   * the version with its steps through the ORM (4 ms of a warm monthly report's ~15 ms of reads,
   * side-by-side bench).
   */
  private readonly keptVersions = new Map<string, SopVersionView>();

  listVersions(code: string): Promise<SopVersionView[]> {
    return this.tx.read(async () => {
      const sop = await this.requireSop(code);
      return (await this.sops.listVersions(sop)).map((v) => sopVersionView(code, v));
    });
  }

  private async summaries(): Promise<SopSummaryView[]> {
    const today = this.today();
    const summaries: SopSummaryView[] = [];
    for (const sop of await this.sops.listSops()) {
      const versions = await this.sops.listVersions(sop);
      const inForce = await this.sops.findVersionId(sop.code, { inForceOn: today });
      const current = versions.find((v) => v.id === inForce) ?? versions[0];
      if (!current) continue;
      summaries.push({
        code: sop.code,
        name: current.name,
        number: current.number,
        currentVersion: current.version,
        effectiveOn: current.effectiveOn,
        versionCount: versions.length,
      });
    }
    return summaries;
  }

  /**
   * Validates a definition and appends it as the SOP's next version. Loading a definition
   * identical to an existing version changes nothing and returns that version.
   */
  async load(input: unknown, source: string, loadedBy: string): Promise<SopLoadResultView> {
    return this.append(parsed(input), source, loadedBy);
  }

  /**
   * Loads a definition file shipped with Mutu (at every start), unless that very definition is
   * loaded already: one query then tells so, without the lock, the versions and their steps that
   * `load` reads to answer with the existing version. Null then; else what `load` returns.
   * @throws ValidationError as loadFile.
   */
  async loadShipped(path: string): Promise<SopLoadResultView | null> {
    const shipped = parsed(await readDefinitionFile(path));
    if (await this.tx.read(() => this.sops.hasDefinition(shipped.definition.code, shipped.sha256)))
      return null;
    return this.append(shipped, basename(path), 'system:seed');
  }

  private append(
    { definition, sha256 }: ParsedDefinition,
    source: string,
    loadedBy: string,
  ): Promise<SopLoadResultView> {
    return this.tx.run(async () => {
      const sop = await this.sops.lockSopForNewVersion(definition.code);
      const existing = await this.sops.findByDefinitionHash(sop, sha256);
      if (existing) return { created: false, version: sopVersionView(sop.code, existing) };
      const created = await this.sops.appendVersion(sop, definition, { sha256, source, loadedBy });
      const view = sopVersionView(sop.code, created);
      await this.audit.record({
        actor: { id: loadedBy, role: loadedBy.startsWith('system:') ? 'SYSTEM' : 'ADMIN' },
        action: 'sop.version_loaded',
        entityType: 'sop',
        entityId: sop.code,
        after: { version: view.version, number: view.number, effectiveOn: view.effectiveOn, source, sha256 },
      });
      return { created: true, version: view };
    });
  }

  /**
   * Loads a definition file. `dates` replace the file's identity.effectiveOn / revisedOn (YYYY-MM-DD,
   * WIB), so the office adopts a shipped revision on the dates it decides; they are checked like
   * the file's own.
   * @throws ValidationError naming the file when it is not JSON, or each problem of the definition.
   */
  async loadFile(
    path: string,
    loadedBy: string,
    dates: { readonly effectiveOn?: string; readonly revisedOn?: string } = {},
  ): Promise<SopLoadResultView> {
    return this.load(withDates(await readDefinitionFile(path), dates), basename(path), loadedBy);
  }

  private async requireSop(code: string): Promise<Sop> {
    const sop = await this.sops.findSop(code);
    if (!sop) throw new NotFoundError('SOP', code);
    return sop;
  }

  private today(): string {
    return officeDate(this.clock.now(), this.config.timeZone);
  }
}
