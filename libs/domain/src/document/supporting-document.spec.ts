import { downloadFileName, sanitizeFileName } from './supporting-document';

describe('sanitizeFileName', () => {
  it.each([
    ['KTP Siti Rahma.jpg', 'KTP Siti Rahma.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\win.ini', 'win.ini'],
    ['C:\\fakepath\\KTP.jpg', 'KTP.jpg'],
    ['surat\u0000rekomendasi\u0007.pdf', 'suratrekomendasi.pdf'],
    ['laporan\u202egpj.exe', 'laporangpj.exe'],
    ['  surat \t\n  rekomendasi   .pdf  ', 'surat rekomendasi .pdf'],
    ['.htaccess', 'htaccess'],
    ['..', 'dokumen'],
    ['', 'dokumen'],
    ['\u0001\u0002', 'dokumen'],
    ['Surat Keputusan Bupati.pdf', 'Surat Keputusan Bupati.pdf'],
    ['e\u0301.pdf', '\u00e9.pdf'],
  ])('%j → %j', (raw, kept) => {
    expect(sanitizeFileName(raw)).toBe(kept);
  });

  it('caps a long name at 120 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(296)}.pdf`);
    expect(name).toHaveLength(120);
    expect(name).toBe(`${'a'.repeat(116)}.pdf`);
    expect(sanitizeFileName('b'.repeat(300))).toBe('b'.repeat(120));
  });

  it('counts characters, not UTF-16 units, so no emoji is cut in half', () => {
    const name = sanitizeFileName(`${'📄'.repeat(200)}.png`);
    expect(Array.from(name)).toHaveLength(120);
    expect(name.endsWith('📄.png')).toBe(true);
  });
});

describe('downloadFileName', () => {
  it('keeps a name whose extension matches the content', () => {
    expect(downloadFileName('KTP.JPEG', 'image/jpeg')).toBe('KTP.JPEG');
    expect(downloadFileName('surat.pdf', 'application/pdf')).toBe('surat.pdf');
  });

  it('adds the extension of what the bytes are when the name says otherwise', () => {
    expect(downloadFileName('scan.pdf', 'image/png')).toBe('scan.pdf.png');
    expect(downloadFileName('halaman.html', 'application/pdf')).toBe('halaman.html.pdf');
    expect(downloadFileName('dokumen', 'image/jpeg')).toBe('dokumen.jpg');
    expect(Array.from(downloadFileName(`${'c'.repeat(120)}`, 'image/png'))).toHaveLength(120);
  });
});
