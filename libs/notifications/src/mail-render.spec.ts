import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '@mutu/config';
import { DocumentTemplates } from '@mutu/templates';
import { RENEWED_MAIL_MODEL } from '../../../test/support/mail-fixtures';
import { type MailLanguage, renderMail } from './mail-render';

const figures = {
  period: 'Oktober 2026',
  opened: '56',
  completed: '50',
  running: '6',
  leadTimeMedian: '4 hari 23 jam',
  breaches: '38',
  dashboardUrl: 'https://mutu.merantikab.go.id/dasbor',
  steps: [
    { step: 1, hasStandard: true, withinStandard: '60,9%', breaches: '25' },
    { step: 3, hasStandard: false, withinStandard: null, breaches: '0' },
    { step: 4, hasStandard: true, withinStandard: null, breaches: '0' },
  ],
};

const sla = {
  recipient: 'Verifikator Dinas Kesehatan',
  holder: 'Siti Rahma',
  nip: '198601172009042398',
  agency: 'Dinas Kesehatan',
  certificateSerial: 'BSRE-2025-000123',
  renewalId: '0c0ab8f9-2d2c-4c36-9d0e-4d5a7c1f1a11',
  step: 2,
  round: 1,
  standard: '5 menit',
  startedAt: '30 November 2026 pukul 16.45 WIB',
  deadline: '30 November 2026 pukul 16.50 WIB',
  renewalUrl: 'https://mutu.merantikab.go.id/permohonan/0c0ab8f9-2d2c-4c36-9d0e-4d5a7c1f1a11',
  informHolder: false,
};

/** Every template with a model as its caller gives it, and the person it should greet. */
const CASES: Record<string, { model: object; greets: Record<MailLanguage, string> }> = {
  'certificate-renewed': {
    model: RENEWED_MAIL_MODEL,
    greets: { id: 'Yth. Bapak/Ibu Siti Rahma,', en: 'Dear Siti Rahma,' },
  },
  'expiry-reminder': {
    model: {
      holder: 'Siti Rahma',
      agency: 'Dinas Kesehatan',
      certificateSerial: 'BSRE-2025-000123',
      expiresOn: '14 Desember 2026',
      daysLeft: 14,
      latestSafeStart: '4 Desember 2026',
      startNow: false,
      sopNumber: '555/SOP-DISKOMINFOTIK/X/2022/003',
      startUrl: 'https://mutu.merantikab.go.id/permohonan/baru',
    },
    greets: { id: 'Yth. Bapak/Ibu Siti Rahma,', en: 'Dear Siti Rahma,' },
  },
  'monthly-report': {
    model: { ...figures, headOfOffice: 'Dra. Siti Aminah, M.Si.' },
    greets: { id: 'Yth. Bapak/Ibu Dra. Siti Aminah, M.Si.,', en: 'Dear Dra. Siti Aminah, M.Si.,' },
  },
  'weekly-digest': {
    model: {
      ...figures,
      worst: [
        {
          holder: 'Siti Rahma',
          agency: 'Dinas Kesehatan',
          step: 1,
          overrun: '5 menit 29 detik',
          url: 'https://mutu.merantikab.go.id/permohonan/0c0ab8f9',
        },
      ],
      atRisk: [],
      atRiskCount: 0,
    },
    greets: { id: 'Yth. Bapak/Ibu Kepala Dinas dan Verifikator,', en: 'Dear Head of Office and verifiers,' },
  },
  'sla-at-risk': {
    model: sla,
    greets: { id: 'Yth. Bapak/Ibu Verifikator Dinas Kesehatan,', en: 'Dear Verifikator Dinas Kesehatan,' },
  },
  'sla-breached': {
    model: sla,
    greets: { id: 'Yth. Bapak/Ibu Verifikator Dinas Kesehatan,', en: 'Dear Verifikator Dinas Kesehatan,' },
  },
};

/** The words of an HTML body as a reader sees them. */
const visibleText = (html: string) =>
  (/<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html)
    .replace(/<a href="[^"]*">/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
const words = (text: string) => text.replace(/^--$/m, '').replace(/\s+/g, ' ').trim();

describe('every mail template, rendered as it is sent', () => {
  const templates = new DocumentTemplates();

  it('has a case here for every template on disk', () => {
    const onDisk = readdirSync(join(TEMPLATES_DIR, 'mail', 'id'))
      .filter((f) => f.endsWith('.subject.hbs'))
      .map((f) => f.replace('.subject.hbs', ''));
    expect(onDisk.sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [template, { model, greets }] of Object.entries(CASES)) {
    for (const lang of ['id', 'en'] as const) {
      it(`${template} (${lang}): greets, names the office, says the same in HTML and text`, async () => {
        const mail = await renderMail(templates, template, lang, model);
        expect(mail.lang).toBe(lang);
        expect(mail.text.startsWith(`${greets[lang]}\n\n`)).toBe(true);
        expect(mail.text).toContain(
          lang === 'id'
            ? 'Hormat kami,\nDinas Komunikasi, Informatika, Statistik dan Persandian\nKabupaten Kepulauan Meranti'
            : 'Yours faithfully,\nDinas Komunikasi, Informatika, Statistik dan Persandian',
        );
        expect(mail.text).not.toMatch(/undefined|NaN|\[object|dalam standar|\{\{/);
        expect(mail.subject).not.toMatch(/undefined|NaN/);
        expect(visibleText(mail.html)).toBe(words(mail.text));
      });
    }
  }

  it('writes a step without a time standard as "tanpa mutu baku", not as a dash within standard', async () => {
    const id = await renderMail(templates, 'monthly-report', 'id', CASES['monthly-report'].model);
    expect(id.text).toContain('- Langkah 1: 60,9% selesai dalam mutu baku, 25 pelanggaran');
    expect(id.text).toContain('- Langkah 3: tanpa mutu baku');
    expect(id.text).toContain('- Langkah 4: belum ada yang selesai, 0 pelanggaran');
    expect(id.text).not.toContain('–');
    const en = await renderMail(templates, 'monthly-report', 'en', CASES['monthly-report'].model);
    expect(en.text).toContain('- Step 3: no time standard');
  });

  it('greets the head of office by title when no name is configured', async () => {
    const mail = await renderMail(templates, 'monthly-report', 'id', { ...figures, headOfOffice: null });
    expect(mail.text.startsWith('Yth. Bapak/Ibu Kepala Dinas,\n')).toBe(true);
  });
});
