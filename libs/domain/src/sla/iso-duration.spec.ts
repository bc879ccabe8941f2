import fc from 'fast-check';
import { ValidationError } from '../common/domain-errors';
import { DurationRule, InvalidDurationError, parseIsoDuration } from './iso-duration';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseIsoDuration', () => {
  it.each([
    ['PT5M', 5 * MINUTE],
    ['P7D', 7 * DAY],
    ['P1W', 7 * DAY],
    ['P1W2D', 9 * DAY],
    ['PT1H30M', 90 * MINUTE],
    ['P1DT2H3M4S', DAY + 2 * HOUR + 3 * MINUTE + 4_000],
    ['PT36H', 36 * HOUR],
    ['PT0.5S', 500],
    ['PT1.001S', 1_001],
    ['PT0S', 0],
    ['P0D', 0],
  ])('reads %s', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each<[string, DurationRule]>([
    ['', 'format'],
    ['P', 'format'],
    ['PT', 'format'],
    ['P7DT', 'format'],
    ['5 Menit', 'format'],
    ['7 hari', 'format'],
    ['pt5m', 'format'],
    ['PT5M3H', 'format'],
    ['PT0.0001S', 'format'],
    ['PT1.5M', 'format'],
    ['P1Y', 'calendar_unit'],
    ['P2M', 'calendar_unit'],
    ['P1Y2M3DT4H', 'calendar_unit'],
    ['P0.5Y', 'calendar_unit'],
    ['-PT5M', 'negative'],
    ['PT-5M', 'negative'],
    ['P-1D', 'negative'],
    ['P99999999999D', 'too_large'],
  ])('refuses %j (%s)', (text, rule) => {
    let error: unknown;
    try {
      parseIsoDuration(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidDurationError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'VALIDATION', text, rule });
    expect((error as InvalidDurationError).problems).toEqual([
      {
        field: 'duration',
        message: expect.stringContaining(`"${text}" bukan durasi ISO-8601 yang didukung`),
      },
    ]);
  });

  it('adds up its parts', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(10), fc.nat(48), fc.nat(120), fc.nat(59_999), (w, d, h, m, ms) => {
        const seconds = (ms / 1000).toString();
        expect(parseIsoDuration(`P${w}W${d}DT${h}H${m}M${seconds}S`)).toBe(
          parseIsoDuration(`P${w}W`) +
            parseIsoDuration(`P${d}D`) +
            parseIsoDuration(`PT${h}H`) +
            parseIsoDuration(`PT${m}M`) +
            parseIsoDuration(`PT${seconds}S`),
        );
        expect(parseIsoDuration(`PT${seconds}S`)).toBe(ms);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never returns a negative or fractional number', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^P(\d{1,4}W)?(\d{1,4}D)?(T(\d{1,4}H)?(\d{1,4}M)?(\d{1,4}(\.\d{1,3})?S)?)?$/),
        (text) => {
          let ms: number;
          try {
            ms = parseIsoDuration(text);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidDurationError);
            return;
          }
          expect(Number.isSafeInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
