import { DocumentTemplates, indonesianDate } from './document.templates';

describe('document templates', () => {
  it('writes dates as the office does, in Indonesian', () => {
    expect(indonesianDate('2022-10-14')).toBe('14 Oktober 2022');
    expect(indonesianDate('2022-10-11')).toBe('11 Oktober 2022');
    expect(indonesianDate('2026-12-01')).toBe('1 Desember 2026');
    expect(indonesianDate('2027-02-28')).toBe('28 Februari 2027');
    expect(indonesianDate(null)).toBe('-');
  });

  it('numbers lists from 1 and escapes the items', async () => {
    const templates = new DocumentTemplates();
    const html = await templates.render('partials/numbered-list', {
      items: ['Internet', 'Alat <Tulis> Kantor'],
    });
    expect(html).toMatch(/<span class="ordinal">1\.<\/span><span>Internet<\/span>/);
    expect(html).toMatch(/<span class="ordinal">2\.<\/span><span>Alat &lt;Tulis&gt; Kantor<\/span>/);
  });

  it('refuses a context that lacks what the template places, rather than printing blanks', async () => {
    await expect(new DocumentTemplates().render('sop/sop-document.header', {})).rejects.toThrow(
      /"number" not defined/,
    );
  });

  it('names a template or stylesheet that does not exist', async () => {
    const templates = new DocumentTemplates();
    await expect(templates.render('tidak-ada', {})).rejects.toThrow('Templat tidak-ada.hbs tidak ada');
    await expect(templates.stylesheet('tidak-ada')).rejects.toThrow('Lembar gaya tidak-ada.css tidak ada');
    await expect(templates.stylesheet('sop/sop-document')).resolves.toContain('@page');
  });
});
