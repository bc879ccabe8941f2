import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { SopDefinition } from '@mutu/domain';
import { Sop, SopStep, SopVersion } from '../entities/sop.entity';

/** Reads and appends SOP versions. Versions are never updated: a revision is a new row. */
@Injectable()
export class SopRepository {
  constructor(private readonly em: EntityManager) {}

  listSops(): Promise<Sop[]> {
    return this.em.find(Sop, {}, { orderBy: { code: 'asc' } });
  }

  findSop(code: string): Promise<Sop | null> {
    return this.em.findOne(Sop, { code });
  }

  listVersions(sop: Sop): Promise<SopVersion[]> {
    return this.em.find(SopVersion, { sop }, { orderBy: { version: 'asc' }, populate: ['steps'] });
  }

  /**
   * The id of SOP `code`'s version `which.version`, or of the one in force on `which.inForceOn`
   * (an office date, YYYY-MM-DD: the latest effective on or before it, latest loaded wins ties);
   * null when there is none or no such SOP. One statement, no entity loaded.
   */
  async findVersionId(
    code: string,
    which: { readonly version: number } | { readonly inForceOn: string },
  ): Promise<string | null> {
    const [row] = await this.em.execute<{ id: string }[]>(
      'version' in which
        ? `SELECT v.id FROM sop_version v JOIN sop s ON s.id = v.sop_id WHERE s.code = ? AND v.version = ?`
        : `SELECT v.id FROM sop_version v JOIN sop s ON s.id = v.sop_id
            WHERE s.code = ? AND v.effective_on <= ?::date
            ORDER BY v.effective_on DESC, v.version DESC LIMIT 1`,
      [code, 'version' in which ? which.version : which.inForceOn],
    );
    return row?.id ?? null;
  }

  /** The version with this id, with its steps. */
  findVersionById(id: string): Promise<SopVersion | null> {
    return this.em.findOne(SopVersion, { id }, { populate: ['steps'] });
  }

  /** The steps of the version with this id, by number. */
  findSteps(versionId: string): Promise<SopStep[]> {
    return this.em.find(SopStep, { sopVersion: versionId }, { orderBy: { number: 'asc' } });
  }

  findByDefinitionHash(sop: Sop, sha256: string): Promise<SopVersion | null> {
    return this.em.findOne(SopVersion, { sop, definitionSha256: sha256 }, { populate: ['steps'] });
  }

  /** Whether SOP `code` has a version loaded from the definition with this SHA-256 (one query, no lock). */
  async hasDefinition(code: string, sha256: string): Promise<boolean> {
    const rows = await this.em.execute(
      'SELECT 1 FROM sop_version v JOIN sop s ON s.id = v.sop_id WHERE s.code = ? AND v.definition_sha256 = ? LIMIT 1',
      [code, sha256],
    );
    return rows.length > 0;
  }

  async lockSopForNewVersion(code: string): Promise<Sop> {
    await this.em.execute(
      'INSERT INTO sop (id, code, created_at) VALUES (gen_random_uuid(), ?, now()) ON CONFLICT (code) DO NOTHING',
      [code],
    );
    return this.em.findOneOrFail(Sop, { code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  async appendVersion(
    sop: Sop,
    definition: SopDefinition,
    meta: { sha256: string; source: string; loadedBy: string },
  ): Promise<SopVersion> {
    const latest = await this.em.findOne(SopVersion, { sop }, { orderBy: { version: 'desc' } });
    const { identity } = definition;
    const version = this.em.create(SopVersion, {
      sop,
      version: (latest?.version ?? 0) + 1,
      number: identity.number,
      name: identity.name,
      government: identity.government,
      year: identity.year,
      unitName: identity.unitName,
      unitAddress: identity.unitAddress,
      madeOn: identity.madeOn,
      revisedOn: identity.revisedOn,
      effectiveOn: identity.effectiveOn,
      approvedBy: identity.approvedBy,
      signatoryName: identity.signatory.name,
      signatoryTitle: identity.signatory.title,
      signatoryNip: identity.signatory.nip,
      legalBasis: [...identity.legalBasis],
      qualifications: [...identity.qualifications],
      relatedSops: [...identity.relatedSops],
      equipment: [...identity.equipment],
      warnings: [...identity.warnings],
      records: [...identity.records],
      checklist: (definition.checklist ?? []).map((item) => ({ ...item })),
      definitionSha256: meta.sha256,
      source: meta.source,
      loadedBy: meta.loadedBy,
    });
    for (const step of definition.steps) {
      this.em.create(SopStep, {
        sopVersion: version,
        number: step.number,
        activity: step.activity,
        performers: [...step.performers],
        needs: [...step.needs],
        duration: step.standard.duration,
        basis: step.standard.basis,
        timeLabel: step.timeLabel,
        output: step.output,
        note: step.note,
        branches: step.branches ? [...step.branches] : null,
      });
    }
    await this.em.flush();
    return version;
  }
}
