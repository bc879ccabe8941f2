import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The PDF's text as `pdftotext -layout` (poppler-utils) reads it, pages separated by form feeds. */
export function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
}

/** Page count as poppler reads it from the PDF. */
export function pdfPageCount(pdf: Uint8Array): number {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** PIDs of the processes this process started whose command line names Chromium. */
export function chromiumChildren(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        return ppid === process.pid && /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}

/**
 * Whether `text` is in `pdftotext -layout` output as a table cell wraps it: its words in order,
 * a run of them on each of consecutive lines, with other columns' text beside them. A line or two
 * without any (a drawing's label between the cell's lines) may come between.
 */
export function containsWrapped(layout: string, text: string): boolean {
  const lines = layout.split('\n');
  const words = text.split(/\s+/);
  return lines.some((_, start) => {
    let rest = words;
    let skipped = 0;
    for (let i = start; rest.length && i < lines.length && skipped <= 2; i++) {
      let n = rest.length;
      while (n > 0 && !lines[i].includes(rest.slice(0, n).join(' '))) n--;
      if (n === 0 && i === start) return false;
      skipped = n === 0 ? skipped + 1 : 0;
      rest = rest.slice(n);
    }
    return rest.length === 0;
  });
}
