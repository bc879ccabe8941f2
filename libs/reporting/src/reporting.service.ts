import { Injectable } from '@nestjs/common';
import { SopsService, type SopVersionView } from '@mutu/sops';
import { ChromiumRenderer } from './chromium.renderer';
import { DocumentTemplates } from './document.templates';
import { PAGE_MARGINS_MM, sopDocumentModel } from './sop-document.model';

export interface RenderedDocument {
  readonly fileName: string;
  readonly content: Uint8Array;
}

const mm = (value: number) => `${value}mm`;

/** Documents made from Mutu's records: HTML to preview, PDF to print and file. */
@Injectable()
export class ReportingService {
  constructor(
    private readonly sops: SopsService,
    private readonly templates: DocumentTemplates,
    private readonly renderer: ChromiumRenderer,
  ) {}

  /** The SOP document of a version (default: the one in force today), as the HTML it is printed from. */
  async sopDocumentHtml(code: string, version?: number): Promise<string> {
    return this.sopHtml(await this.sops.get(code, version));
  }

  /** The SOP document as PDF: A4 landscape, its number and "Halaman X dari Y" on every page. */
  async sopDocumentPdf(code: string, version?: number): Promise<RenderedDocument> {
    const sop = await this.sops.get(code, version);
    const [html, headerTemplate, footerTemplate] = await Promise.all([
      this.sopHtml(sop),
      this.templates.render('sop-document.header', { sop }),
      this.templates.render('sop-document.footer', { sop }),
    ]);
    const content = await this.renderer.pdf(html, {
      format: 'A4',
      landscape: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate,
      footerTemplate,
      margin: {
        top: mm(PAGE_MARGINS_MM.top),
        right: mm(PAGE_MARGINS_MM.right),
        bottom: mm(PAGE_MARGINS_MM.bottom),
        left: mm(PAGE_MARGINS_MM.left),
      },
    });
    return { fileName: `sop-${sop.code}-v${sop.version}.pdf`, content };
  }

  private async sopHtml(sop: SopVersionView): Promise<string> {
    return this.templates.render('sop-document', {
      ...sopDocumentModel(sop),
      styles: await this.templates.stylesheet('sop-document'),
    });
  }
}
