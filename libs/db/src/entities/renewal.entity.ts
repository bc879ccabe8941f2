import { defineEntity, p } from '@mikro-orm/core';
import type { HolidayKind, PerformerRole, TimeBasis } from '@mutu/domain';
import { SopVersion } from './sop.entity';
import { uuidPrimaryKey } from './uuid-primary-key';

/** An organisation unit of the regency (OPD) whose staff hold certificates. */
const AgencySchema = defineEntity({
  name: 'Agency',
  tableName: 'agency',
  properties: {
    id: uuidPrimaryKey(),
    name: p.text().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class Agency extends AgencySchema.class {}
AgencySchema.setClass(Agency);

/** A certificate holder, one per NIP; later renewals reuse the record. */
const HolderSchema = defineEntity({
  name: 'Holder',
  tableName: 'holder',
  properties: {
    id: uuidPrimaryKey(),
    nip: p.string().length(18).unique(),
    name: p.text(),
    email: p.text(),
    agency: () => p.manyToOne(Agency),
    /**
     * The certificate the holder has now, as last known: from the renewal opened for it, then
     * the renewed one. Expiry reminders are driven by it.
     */
    certificateSerial: p.text().nullable(),
    certificateExpiresOn: p.string().columnType('date').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export class Holder extends HolderSchema.class {}
HolderSchema.setClass(Holder);

/** A day the office is closed besides weekends; seeded from the shipped list, editable by admins. */
const HolidaySchema = defineEntity({
  name: 'OfficeHoliday',
  tableName: 'office_holiday',
  properties: {
    date: p.string().columnType('date').primary(),
    name: p.text(),
    kind: p.string().$type<HolidayKind>(),
    /** Set when an admin takes the day off the calendar; kept so seeding does not bring it back. */
    removedAt: p.datetime().nullable(),
  },
});
export class OfficeHoliday extends HolidaySchema.class {}
HolidaySchema.setClass(OfficeHoliday);

/**
 * One renewal of one certificate, bound to the SOP version in force when it was opened.
 * `version` is the optimistic lock every action must name.
 */
const RenewalSchema = defineEntity({
  name: 'Renewal',
  tableName: 'renewal',
  indexes: [
    { properties: ['status', 'openedAt'] },
    { properties: ['agency', 'openedAt'] },
    // A holder's renewals: their list, and the renewals a holder write notifies about.
    { properties: ['holder'] },
    // Opening order: the export sheets' and the PDF breach list's (ComplianceExportRepository).
    { properties: ['openedAt', 'id'] },
    // The compliance figures' renewal counts of a period (index-only), and each agency's
    // completed renewals in lead-time order for its median (ComplianceRepository.figures).
    {
      name: 'renewal_opened_at_counts_index',
      expression:
        'create index "renewal_opened_at_counts_index" on "renewal" ("opened_at") include ("agency_id", "sop_version_id", "status", "round", "lead_ms")',
    },
    {
      name: 'renewal_completed_lead_index',
      expression:
        'create index "renewal_completed_lead_index" on "renewal" ("agency_id", "lead_ms") include ("opened_at", "sop_version_id") where "status" = \'completed\'',
    },
  ],
  properties: {
    id: uuidPrimaryKey(),
    holder: () => p.manyToOne(Holder),
    agency: () => p.manyToOne(Agency),
    sopVersion: () => p.manyToOne(SopVersion),
    certificateSerial: p.text(),
    currentExpiry: p.string().columnType('date'),
    status: p.string(),
    round: p.integer(),
    version: p.integer().version(),
    openedAt: p.datetime(),
    openedBy: p.text(),
    closedAt: p.datetime().nullable(),
    /** From opening to closing, calendar ms (domain renewalLeadTimeMs), stored as it closes; null while open. */
    leadMs: p.bigint('number').nullable(),
    cancelReason: p.text().nullable(),
    amsReference: p.text().nullable(),
    /** When and by whom the holder's new passphrase was attested as set; the passphrase itself is never held. */
    passphraseSetAt: p.datetime().nullable(),
    passphraseSetBy: p.text().nullable(),
    informedChannel: p.string().nullable(),
    newValidFrom: p.string().columnType('date').nullable(),
    newValidUntil: p.string().columnType('date').nullable(),
    steps: () => p.oneToMany(StepInstance).mappedBy('renewal').orderBy({ startedAt: 'asc', step: 'asc' }),
    documents: () =>
      p.oneToMany(SupportingDocument).mappedBy('renewal').orderBy({ uploadedAt: 'asc', id: 'asc' }),
  },
});
export class Renewal extends RenewalSchema.class {}
RenewalSchema.setClass(Renewal);

/** One step of one round, with the standard copied from the SOP version so revisions never rewrite it. */
const StepInstanceSchema = defineEntity({
  name: 'StepInstance',
  tableName: 'step_instance',
  uniques: [{ properties: ['renewal', 'round', 'step'] }],
  indexes: [
    // A period's steps in opening order, with what its counts read (the figures' cells with who
    // held each step and for how long, a month's per-step lines with their elapsed times): index-only.
    {
      name: 'step_instance_renewal_opened_at_index',
      expression:
        'create index "step_instance_renewal_opened_at_index" on "step_instance" ("renewal_opened_at") include ("agency_id", "sop_version_id", "ended_at", "deadline_at", "sla_status", "performer_role", "started_at", "held_ms", "step", "sla_elapsed_ms", "at_risk_at")',
    },
    // The trend's judged steps (ended, with a standard) by opening, with their status only:
    // index-only, narrower and fewer than the index above (ComplianceTrendRepository).
    {
      name: 'step_instance_judged_opened_at_index',
      expression:
        'create index "step_instance_judged_opened_at_index" on "step_instance" ("renewal_opened_at") include ("agency_id", "sop_version_id", "sla_status") where "ended_at" is not null and "deadline_at" is not null',
    },
    // The SLA watch looks at running steps every minute; they are few among a year's rows.
    {
      name: 'step_instance_running_index',
      expression:
        'create index "step_instance_running_index" on "step_instance" ("at_risk_at", "deadline_at") where "ended_at" is null',
    },
    // The compliance figures read a period's running steps apart (judged at the moment asked), index-only.
    {
      name: 'step_instance_running_opened_at_index',
      expression:
        'create index "step_instance_running_opened_at_index" on "step_instance" ("renewal_opened_at") include ("agency_id", "sop_version_id", "renewal_id", "round", "step", "performer_role", "started_at", "ended_at", "standard_ms", "standard_basis", "deadline_at", "at_risk_at", "sla_status") where "ended_at" is null',
    },
    {
      name: 'step_instance_unmeasured_index',
      expression:
        'create index "step_instance_unmeasured_index" on "step_instance" ("id") where "ended_at" is not null and "sla_status" is null',
    },
    // The compliance figures' ordered reads, index-only (ComplianceRepository.figures): each
    // step's stored elapsed times in order, and the ended breaches by stored overrun.
    {
      name: 'step_instance_step_elapsed_index',
      expression:
        'create index "step_instance_step_elapsed_index" on "step_instance" ("step", "sla_elapsed_ms") include ("renewal_opened_at", "agency_id", "sop_version_id", "ended_at", "deadline_at", "at_risk_at", "sla_status")',
    },
    {
      name: 'step_instance_breach_overrun_index',
      expression:
        'create index "step_instance_breach_overrun_index" on "step_instance" ("sla_overrun_ms" desc, "renewal_id", "step") include ("renewal_opened_at", "agency_id", "sop_version_id", "round", "started_at", "ended_at", "standard_ms", "standard_basis", "deadline_at") where "sla_status" = \'breached\'',
    },
  ],
  properties: {
    id: uuidPrimaryKey(),
    renewal: () => p.manyToOne(Renewal),
    /**
     * The renewal's opening, agency and SOP version, which never change once it is opened, copied
     * here so compliance figures select a period's steps without joining a million rows to their
     * renewals (measured in test/bench/side-by-side.bench.ts).
     */
    renewalOpenedAt: p.datetime(),
    agencyId: p.uuid(),
    sopVersionId: p.uuid(),
    step: p.integer(),
    round: p.integer(),
    performerRole: p.string().$type<PerformerRole>(),
    actorId: p.text().nullable(),
    startedAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    /** From start to end, calendar ms (domain stepHeldMs), stored as it ends; null while running. */
    heldMs: p.bigint('number').nullable(),
    outcome: p.string().nullable(),
    standardDuration: p.string().nullable(),
    standardMs: p.bigint('number').nullable(),
    standardBasis: p.string().$type<TimeBasis>(),
    /**
     * When the standard runs out and when the step turns at risk, fixed with the office calendar
     * as it stood when the step started, so lists and reports can filter in SQL.
     */
    deadlineAt: p.datetime().nullable(),
    atRiskAt: p.datetime().nullable(),
    missingItems: p.json<string[]>().nullable(),
    /** When the SLA watch told of the step turning at risk / breaching: each is told once. */
    atRiskNotifiedAt: p.datetime().nullable(),
    breachNotifiedAt: p.datetime().nullable(),
    /** Set when the times were entered afterwards through the correction endpoint. */
    correctionReason: p.text().nullable(),
    /** 'BSRE' when a verifier recorded BSrE's verdict as BSrE reported it (MUTU_BSRE_VERDICT_BY). */
    recordedFor: p.string().length(16).nullable(),
    /**
     * The measurement taken once when the step ended (domain measureEndedStep: against
     * deadline_at, basis time by the calendar then). Every list, figure, export and alert reads
     * it; null while running. Elapsed and overrun in ms of the standard's basis.
     */
    slaStatus: p.string().$type<'met' | 'breached' | 'no_standard'>().nullable(),
    slaElapsedMs: p.bigint('number').nullable(),
    slaOverrunMs: p.bigint('number').nullable(),
    measuredAt: p.datetime().nullable(),
    /**
     * The latest recalculation (deadline fixed anew with the calendar of that day), kept beside
     * the measurement above, which it never replaces; who, when and why: `recalculation`.
     */
    recalculation: () => p.manyToOne(SlaRecalculation).nullable().ref(),
    recalcDeadlineAt: p.datetime().nullable(),
    recalcStatus: p.string().$type<'met' | 'breached' | 'no_standard'>().nullable(),
    recalcElapsedMs: p.bigint('number').nullable(),
    recalcOverrunMs: p.bigint('number').nullable(),
  },
});
export class StepInstance extends StepInstanceSchema.class {}
StepInstanceSchema.setClass(StepInstance);

/** An admin's request to measure a period's ended steps again with the calendar of the day. */
const SlaRecalculationSchema = defineEntity({
  name: 'SlaRecalculation',
  tableName: 'sla_recalculation',
  properties: {
    id: uuidPrimaryKey(),
    /** Office dates (WIB), inclusive: steps of the renewals opened in the period. */
    periodFrom: p.string().columnType('date'),
    periodTo: p.string().columnType('date'),
    reason: p.text(),
    requestedBy: p.text(),
    requestedAt: p.datetime(),
    /** Ended steps recalculated. */
    steps: p.integer(),
  },
});
export class SlaRecalculation extends SlaRecalculationSchema.class {}
SlaRecalculationSchema.setClass(SlaRecalculation);

/**
 * A supporting document uploaded for one checklist item in one round. The bytes live in the
 * document storage under their SHA-256; the same bytes for the same item and round are one row.
 */
const SupportingDocumentSchema = defineEntity({
  name: 'SupportingDocument',
  tableName: 'supporting_document',
  uniques: [{ properties: ['renewal', 'round', 'item', 'sha256'] }],
  properties: {
    id: uuidPrimaryKey(),
    renewal: () => p.manyToOne(Renewal),
    round: p.integer(),
    /** Code of the checklist item of the renewal's SOP version. */
    item: p.string(),
    sha256: p.string().length(64),
    size: p.integer(),
    /** As detected from the bytes. */
    mediaType: p.string(),
    /** The client's file name, sanitised; metadata only, never a path. */
    name: p.text(),
    uploadedBy: p.text(),
    uploadedAt: p.datetime(),
  },
});
export class SupportingDocument extends SupportingDocumentSchema.class {}
SupportingDocumentSchema.setClass(SupportingDocument);

export const RENEWAL_ENTITIES = [
  AgencySchema,
  HolderSchema,
  HolidaySchema,
  RenewalSchema,
  StepInstanceSchema,
  SlaRecalculationSchema,
  SupportingDocumentSchema,
];
