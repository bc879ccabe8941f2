import { DocumentTemplates, escapeMarkup } from '@mutu/templates';

export type MailLanguage = 'id' | 'en';

/** One message as it is stored in the outbox: its subject and two bodies that say the same. */
export interface RenderedMail {
  readonly lang: MailLanguage;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Web addresses in escaped text made links, so a mail's page opens with a click. */
const linked = (escaped: string) =>
  escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

/** The plain-text body as HTML paragraphs: the HTML part says exactly what the text part says. */
function textAsHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${linked(escapeMarkup(paragraph.trim())).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/**
 * Renders templates/mail/<lang>/<template>.{subject,text}.hbs with `model`, and the HTML part from
 * the text, in mail/<lang>/layout.hbs; the automatic-message footer ends both. A template with no
 * version in `lang` is rendered in Indonesian. Every text template greets ("Yth. Bapak/Ibu …",
 * the salutation partial) and closes naming the office (the closing partial).
 */
export async function renderMail(
  templates: DocumentTemplates,
  template: string,
  lang: MailLanguage,
  model: object,
): Promise<RenderedMail> {
  const chosen = lang !== 'id' && !(await templates.has(`mail/${lang}/${template}.subject`)) ? 'id' : lang;
  const base = `mail/${chosen}/${template}`;
  const subject = (await templates.render(`${base}.subject`, model)).replace(/\s+/g, ' ').trim();
  const body = (await templates.render(`${base}.text`, model)).trim();
  const footer = (await templates.render(`mail/${chosen}/footer.text`, model)).trim();
  const html = await templates.render(`mail/${chosen}/layout`, { subject, body: textAsHtml(body), footer });
  return { lang: chosen, subject, text: `${body}\n\n--\n${footer}\n`, html };
}
