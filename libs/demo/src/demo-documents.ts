import { crc32, deflateSync } from 'node:zlib';
import type { DocumentUpload } from '@mutu/documents';

/** Plain ASCII, since the samples write text as Latin-1 and PDF strings treat some bytes specially. */
function ascii(text: string): string {
  return text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
}

/** A one-page A4 PDF with a few lines of Helvetica; its cross-reference offsets are exact. */
export function samplePdf(lines: readonly string[]): Buffer {
  const content = lines
    .map(
      (line, i) =>
        `BT /F1 ${i === 0 ? 14 : 11} Tf 56 ${780 - i * 22} Td (${ascii(line).replace(/[\\()]/g, '\\$&')}) Tj ET`,
    )
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const frame = Buffer.alloc(8);
  frame.writeUInt32BE(data.length, 0);
  frame.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([frame.subarray(0, 4), body, frame.subarray(4)]);
}

/** A 1×1 PNG of one pale pixel, `text` in a tEXt chunk so that each sample has bytes of its own. */
export function samplePng(text: string): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]); // 1×1, 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', Buffer.from(`Comment\0${ascii(text)}`, 'latin1')),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0xd9, 0xe2, 0xec]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  const length = data.length + 2;
  return Buffer.concat([Buffer.from([0xff, marker, length >> 8, length & 0xff]), data]);
}

/**
 * An 8×8 mid-grey baseline JPEG: one block whose only coefficient is a zero DC, each Huffman
 * table a single one-bit code; `text` goes into a comment segment.
 */
export function sampleJpeg(text: string): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from([...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0])),
    jpegSegment(0xfe, Buffer.from(ascii(text), 'latin1')),
    jpegSegment(0xdb, Buffer.from([0, ...new Array<number>(64).fill(1)])),
    jpegSegment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    jpegSegment(0xc4, Buffer.from([0x00, 1, ...new Array<number>(15).fill(0), 0])),
    jpegSegment(0xc4, Buffer.from([0x10, 1, ...new Array<number>(15).fill(0), 0])),
    jpegSegment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    // DC difference 0 ("0"), end of block ("0"), padded with ones.
    Buffer.from([0x3f, 0xff, 0xd9]),
  ]);
}

/**
 * What a holder would upload for a checklist item: a photographed KTP, a scanned SK, a PDF for
 * the letters. The holder's name and the round are written into the file, so every upload is
 * a file of its own, as it would be in the office.
 */
export function sampleDocument(
  item: string,
  label: string,
  holderName: string,
  round: number,
): DocumentUpload {
  const caption = `${label} - ${holderName} (putaran ${round})`;
  if (item === 'ktp') return { item, bytes: sampleJpeg(caption), fileName: `KTP ${holderName}.jpg` };
  if (item === 'sk-jabatan')
    return { item, bytes: samplePng(caption), fileName: `SK Jabatan ${holderName}.png` };
  return {
    item,
    bytes: samplePdf([label, holderName, `Putaran ${round}`, 'Dokumen contoh Mutu']),
    fileName: `${label.split(/[(/]/)[0].trim()} - ${holderName}.pdf`,
  };
}
