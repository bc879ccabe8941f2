import { readdir, readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR } from '@mutu/config';

const longDate = new Intl.DateTimeFormat('id-ID', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A calendar date (YYYY-MM-DD) as the office writes it, "14 Oktober 2022"; no date is "-". */
export function indonesianDate(date: string | null): string {
  return date ? longDate.format(new Date(`${date}T00:00:00Z`)) : '-';
}

/** Text made safe inside HTML or SVG markup, attribute values included. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Templates of plain text, by name: "mail/id/certificate-renewed.subject", "….text". */
const PLAIN_TEXT = /\.(subject|text)$/;

interface Loaded {
  readonly templates: ReadonlyMap<string, Handlebars.TemplateDelegate>;
  readonly stylesheets: ReadonlyMap<string, string>;
}

/**
 * The handlebars templates and stylesheets of templates/, read and compiled once, on first use.
 * Every template is also a partial under its name. Templates only place what the code computed;
 * the helpers registered here format, nothing more.
 */
@Injectable()
export class DocumentTemplates {
  private readonly handlebars = Handlebars.create();
  private loaded: Promise<Loaded> | null = null;

  constructor() {
    this.handlebars.registerHelper('longDate', (date: string | null) => indonesianDate(date));
    // Lists in the SOP are numbered from 1 ("1. Undang-Undang …").
    this.handlebars.registerHelper('ordinal', (index: number) => index + 1);
    this.handlebars.registerHelper('join', (items: readonly string[], separator: string) =>
      items.join(separator),
    );
  }

  /** templates/<name>.hbs applied to `context`; values are HTML-escaped unless placed with {{{…}}}. */
  async render(name: string, context: object): Promise<string> {
    const template = (await this.load()).templates.get(name);
    if (!template) throw new Error(`Templat ${name}.hbs tidak ada di ${TEMPLATES_DIR}`);
    return template(context);
  }

  /** Whether templates/<name>.hbs exists, for callers that fall back to another language. */
  async has(name: string): Promise<boolean> {
    return (await this.load()).templates.has(name);
  }

  /** templates/<name>.css, to inline into a document. */
  async stylesheet(name: string): Promise<string> {
    const css = (await this.load()).stylesheets.get(name);
    if (css === undefined) throw new Error(`Lembar gaya ${name}.css tidak ada di ${TEMPLATES_DIR}`);
    return css;
  }

  private load(): Promise<Loaded> {
    if (!this.loaded) {
      const loading = this.readAll();
      this.loaded = loading;
      // A folder that could not be read is read again next time rather than remembered as empty.
      loading.catch(() => {
        if (this.loaded === loading) this.loaded = null;
      });
    }
    return this.loaded;
  }

  private async readAll(): Promise<Loaded> {
    const templates = new Map<string, Handlebars.TemplateDelegate>();
    const stylesheets = new Map<string, string>();
    const files = (await readdir(TEMPLATES_DIR, { recursive: true }))
      .filter((file) => file.endsWith('.hbs') || file.endsWith('.css'))
      .sort();
    // Read all at once (some seventy files): one after the other, each waited for a turn of the
    // event loop, which at a CLI's start is busy with Chromium's start-up traffic.
    const sources = await Promise.all(files.map((file) => readFile(join(TEMPLATES_DIR, file), 'utf8')));
    files.forEach((file, i) => {
      // Named by path without extension, with forward slashes: "sop/sop-document", "mail/layout".
      const name = file.slice(0, -extname(file).length).split(sep).join('/');
      if (file.endsWith('.hbs')) {
        const template = this.handlebars.compile(sources[i], {
          strict: true,
          // Plain text (an e-mail's subject and text body) is not HTML: "&" must stay "&".
          noEscape: PLAIN_TEXT.test(name),
        });
        this.handlebars.registerPartial(name, template);
        templates.set(name, template);
      } else {
        stylesheets.set(name, sources[i]);
      }
    });
    return { templates, stylesheets };
  }
}
