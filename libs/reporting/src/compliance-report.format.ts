import { durationInWords, wholeMonth } from '@mutu/domain';
import { COMPLIANCE_REPORT_LABELS, type ReportLang } from './compliance-report.labels';

// Names people in the office read; any other zone is shown by its IANA name.
const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** Shares closer than this are "unchanged": a tenth of a point is what the report prints. */
export const SHARE_EPSILON = 0.0005;

/** How the report writes numbers, shares, durations, dates and times, in one language and zone. */
export class ReportFormatter {
  private readonly integer: Intl.NumberFormat;
  private readonly decimal: Intl.NumberFormat;
  private readonly upToOneDecimal: Intl.NumberFormat;
  private readonly day: Intl.DateTimeFormat;
  private readonly month: Intl.DateTimeFormat;
  private readonly shortMonth: Intl.DateTimeFormat;
  private readonly dateTime: Intl.DateTimeFormat;
  readonly zone: string;

  constructor(
    readonly lang: ReportLang,
    readonly timeZone: string,
  ) {
    const { locale } = COMPLIANCE_REPORT_LABELS[lang];
    this.integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.upToOneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    // Calendar dates are zone-less: read at UTC midnight they never shift a day.
    this.day = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    this.month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    this.shortMonth = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    this.dateTime = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    this.zone = ZONE_ABBREVIATIONS[timeZone] ?? timeZone;
  }

  private get labels() {
    return COMPLIANCE_REPORT_LABELS[this.lang];
  }

  count(value: number): string {
    return this.integer.format(value);
  }

  /** A share (0–1) as a percentage with one decimal, "87,5%"; no share is "–". */
  percent(share: number | null): string {
    return share === null ? this.labels.none : `${this.decimal.format(share * 100)}%`;
  }

  /** A share (0–1) as a percentage without needless decimals, as targets are stated: "90%", "97,5%". */
  wholePercent(share: number): string {
    return `${this.upToOneDecimal.format(share * 100)}%`;
  }

  /** A difference of two shares in percentage points, unsigned, "3,1". */
  points(difference: number): string {
    return this.decimal.format(Math.abs(difference) * 100);
  }

  /** Signed relative change, "+25,0%" / "−12,5%". */
  relativeChange(from: number, to: number): string {
    const change = (to - from) / from;
    return `${change >= 0 ? '+' : '−'}${this.decimal.format(Math.abs(change) * 100)}%`;
  }

  decimal1(value: number | null): string {
    return value === null ? this.labels.none : this.decimal.format(value);
  }

  /**
   * A duration in words to the second (durationInWords, its two largest units, rounded down):
   * "5 menit 29 detik", "2 hari 3 jam"; no duration is "–".
   */
  duration(ms: number | null): string {
    return ms === null ? this.labels.none : durationInWords(ms, this.lang, 'second');
  }

  /** A calendar date (YYYY-MM-DD), "14 Oktober 2022". */
  date(date: string | null): string {
    return date ? this.day.format(new Date(`${date}T00:00:00Z`)) : this.labels.none;
  }

  /** A month (YYYY-MM), "November 2026". */
  monthName(month: string): string {
    return this.month.format(new Date(`${month}-01T00:00:00Z`));
  }

  /** A month (YYYY-MM) as a chart's axis fits it, "Agu 2026" (a two-digit year reads as a day). */
  monthAbbreviation(month: string): string {
    return this.shortMonth.format(new Date(`${month}-01T00:00:00Z`));
  }

  /** A period: the month's name for exactly one calendar month, else "1 November 2026 s.d. 15 November 2026". */
  period(from: string, to: string): string {
    return wholeMonth({ from, to })
      ? this.monthName(from.slice(0, 7))
      : this.labels.periodRange(this.date(from), this.date(to));
  }

  /** An instant in the office's zone as letters write it, "24 November 2026 pukul 10.00 WIB". */
  dateTimeOf(instant: Date | string): string {
    const parts = Object.fromEntries(
      this.dateTime.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
    );
    return `${parts.day} ${parts.month} ${parts.year} ${this.labels.at} ${parts.hour}${this.timeSeparator}${parts.minute} ${this.zone}`;
  }

  /** A wall-clock time as PostgreSQL gives it (ms since the epoch read as UTC), "24/11/2026 10.00". */
  wallTime(wallMs: number | null): string {
    if (wallMs === null) return this.labels.none;
    const d = new Date(wallMs);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}${this.timeSeparator}${pad(d.getUTCMinutes())}`;
  }

  private get timeSeparator(): string {
    return this.lang === 'id' ? '.' : ':';
  }
}
