import fc from 'fast-check';
import { parseIsoDuration } from './iso-duration';

describe('parseIsoDuration', () => {
  it.each([
    ['PT5M', 5 * 60_000],
    ['P7D', 7 * 86_400_000],
    ['P1W', 7 * 86_400_000],
    ['PT1H30M', 90 * 60_000],
    ['P1DT2H3M4S', 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_000],
    ['PT0.5S', 500],
    ['PT0S', 0],
  ])('reads %s', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', 'P1Y', 'P2M', '-PT5M', 'PT-5M', '5 Menit', 'P7DT', 'pt5m'])(
    'refuses %j',
    (text) => {
      expect(() => parseIsoDuration(text)).toThrow(/bukan durasi ISO-8601/);
    },
  );

  it('adds up its parts', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(48), fc.nat(120), (d, h, m) => {
        const text = `P${d}DT${h}H${m}M`;
        expect(parseIsoDuration(text)).toBe(
          parseIsoDuration(`P${d}D`) + parseIsoDuration(`PT${h}H`) + parseIsoDuration(`PT${m}M`),
        );
      }),
    );
  });
});
