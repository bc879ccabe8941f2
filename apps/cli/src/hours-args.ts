import { OFFICE_WEEKDAYS, type OfficeWeekday, ValidationError, type WeeklyHours } from '@mutu/domain';

const CLOSED = 'tutup';

/**
 * Weekly hours from command-line words such as `fri=07:30-16:30`, `all=08:00-15:00` or
 * `fri=tutup` (closed), applied in order on top of `base`: `all` sets Monday to
 * Friday, a later day word overrides it. The result is still checked by the domain (parseWeeklyHours
 * / parseHoursOverride), which names bad times; this only reads the words.
 * @throws ValidationError naming a word that is not `<day>=<HH:MM>-<HH:MM>` or `<day>=tutup`.
 */
export function weeklyHoursFromWords(words: readonly string[], base: WeeklyHours): WeeklyHours {
  const hours: Record<OfficeWeekday, { opens: string; closes: string } | null> = { ...base };
  for (const word of words) {
    const match = /^(mon|tue|wed|thu|fri|all)=(?:(tutup)|([^-]+)-(.+))$/.exec(word);
    if (!match) {
      throw new ValidationError(
        [
          {
            field: word,
            message: `harus <hari>=HH:MM-HH:MM atau <hari>=${CLOSED}; hari: mon … fri atau all`,
          },
        ],
        'Jam kerja tidak dikenali',
      );
    }
    const value = match[2] ? null : { opens: match[3], closes: match[4] };
    for (const day of match[1] === 'all' ? OFFICE_WEEKDAYS : [match[1] as OfficeWeekday]) hours[day] = value;
  }
  return hours;
}

/** Weekly hours as one line per weekday, for the terminal. */
export function weeklyHoursText(hours: WeeklyHours, indent = '  '): string {
  return OFFICE_WEEKDAYS.map((day) => {
    const open = hours[day];
    return `${indent}${day}  ${open ? `${open.opens}–${open.closes} WIB` : CLOSED}`;
  }).join('\n');
}
