import { defineEntity, p } from '@mikro-orm/core';
import type { OfficeWeekday, WeeklyHours } from '@mutu/domain';
import { uuidPrimaryKey } from './uuid-primary-key';

/** The office's usual opening hours on one weekday, 'HH:MM' WIB; both null: closed that day. */
const OpeningHoursSchema = defineEntity({
  name: 'OpeningHoursRow',
  tableName: 'office_opening_hours',
  properties: {
    weekday: p.string().length(3).primary().$type<OfficeWeekday>(),
    opens: p.string().length(5).nullable(),
    closes: p.string().length(5).nullable(),
  },
});
export class OpeningHoursRow extends OpeningHoursSchema.class {}
OpeningHoursSchema.setClass(OpeningHoursRow);

/** Other opening hours for a dated period (e.g. Ramadan); periods never overlap. */
const HoursOverrideSchema = defineEntity({
  name: 'HoursOverrideRow',
  tableName: 'office_hours_override',
  properties: {
    id: uuidPrimaryKey(),
    /** WIB dates, inclusive. */
    fromOn: p.string().columnType('date'),
    toOn: p.string().columnType('date'),
    name: p.text(),
    hours: p.json<WeeklyHours>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class HoursOverrideRow extends HoursOverrideSchema.class {}
HoursOverrideSchema.setClass(HoursOverrideRow);

export const OFFICE_HOURS_ENTITIES = [OpeningHoursSchema, HoursOverrideSchema];
