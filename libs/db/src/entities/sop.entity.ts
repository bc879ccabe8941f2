import { defineEntity, p } from '@mikro-orm/core';
import type { ChecklistItem, DecisionBranch, PerformerRole, TimeBasis } from '@mutu/domain';
import { uuidPrimaryKey } from './uuid-primary-key';

/** An SOP across its versions; `code` is the stable slug used in URLs. */
const SopSchema = defineEntity({
  name: 'Sop',
  tableName: 'sop',
  properties: {
    id: uuidPrimaryKey(),
    code: p.string().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    versions: () => p.oneToMany(SopVersion).mappedBy('sop'),
  },
});
export class Sop extends SopSchema.class {}
SopSchema.setClass(Sop);

/** One version of an SOP: the identity block of the document, as loaded from a definition file. */
const SopVersionSchema = defineEntity({
  name: 'SopVersion',
  tableName: 'sop_version',
  uniques: [{ properties: ['sop', 'version'] }, { properties: ['sop', 'definitionSha256'] }],
  properties: {
    id: uuidPrimaryKey(),
    sop: () => p.manyToOne(Sop),
    version: p.integer(),
    number: p.text(),
    name: p.text(),
    government: p.text(),
    year: p.integer(),
    unitName: p.text(),
    unitAddress: p.text(),
    madeOn: p.string().columnType('date'),
    revisedOn: p.string().columnType('date').nullable(),
    effectiveOn: p.string().columnType('date'),
    approvedBy: p.text(),
    signatoryName: p.text(),
    signatoryTitle: p.text(),
    signatoryNip: p.string().length(18),
    legalBasis: p.json<string[]>(),
    qualifications: p.json<string[]>(),
    relatedSops: p.json<string[]>(),
    equipment: p.json<string[]>(),
    warnings: p.json<string[]>(),
    records: p.json<string[]>(),
    /** The supporting documents this version asks for; empty for versions loaded without a list. */
    checklist: p.json<ChecklistItem[]>().default('[]'),
    /** SHA-256 of the canonical definition, so loading the same file twice is a no-op. */
    definitionSha256: p.string().length(64),
    source: p.text(),
    loadedBy: p.text(),
    loadedAt: p.datetime().onCreate(() => new Date()),
    steps: () => p.oneToMany(SopStep).mappedBy('sopVersion').orderBy({ number: 'asc' }),
  },
});
export class SopVersion extends SopVersionSchema.class {}
SopVersionSchema.setClass(SopVersion);

/** One row of the SOP's flowchart table with its MUTU BAKU. */
const SopStepSchema = defineEntity({
  name: 'SopStep',
  tableName: 'sop_step',
  uniques: [{ properties: ['sopVersion', 'number'] }],
  properties: {
    id: uuidPrimaryKey(),
    sopVersion: () => p.manyToOne(SopVersion),
    number: p.integer(),
    activity: p.text(),
    performers: p.json<PerformerRole[]>(),
    needs: p.json<string[]>(),
    /** ISO-8601 duration of the time standard; null where the SOP sets none. */
    duration: p.string().nullable(),
    basis: p.string().$type<TimeBasis>(),
    timeLabel: p.text(),
    output: p.text(),
    note: p.text().nullable(),
    branches: p.json<DecisionBranch[]>().nullable(),
  },
});
export class SopStep extends SopStepSchema.class {}
SopStepSchema.setClass(SopStep);

export const SOP_ENTITIES = [SopSchema, SopVersionSchema, SopStepSchema];
