import type { OnApplicationShutdown } from '@nestjs/common';
import puppeteer, { type Browser, type Page, type PDFOptions, ProtocolError, TimeoutError } from 'puppeteer';
import { DomainError } from '@mutu/domain';
import { type BrowserCandidate, resolveBrowserExecutable } from './chromium.executable';
import type { ChromiumProcess } from './chromium.process';

// Flags that let Chromium run as root in containers and CI, without a GPU, a large /dev/shm or
// any traffic of its own (no updates, no first-run pages).
export const CHROMIUM_LAUNCH_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
// A cold start (nothing in the page cache, fonts to index) on a small, busy server can take a
// minute; the launch is bounded generously, and at boot it happens before anyone waits for it.
const LAUNCH_TIMEOUT_MS = 90_000;
const PROTOCOL_TIMEOUT_MS = 60_000;
const NAVIGATION_TIMEOUT_MS = 15_000;
const PDF_TIMEOUT_MS = 30_000;
/** The warm-up's first page, the slowest of all (font caches), gets the launch's bound. */
const WARM_UP_TIMEOUT_MS = LAUNCH_TIMEOUT_MS;
/** How long a render waits for a warm-up still running before answering 503. */
const READY_WAIT_MS = 10_000;

/**
 * Chromium is still starting, or too slow to answer now: a 503 with Retry-After, as the same
 * request shortly afterwards succeeds.
 */
export class RendererUnavailableError extends DomainError {
  readonly code = 'RENDERER_UNAVAILABLE';

  override get publicMessage(): string {
    return 'Pembuat dokumen PDF sedang disiapkan; coba lagi sebentar lagi';
  }
}

/** As many holders at once as there are slots; the rest wait their turn in order. */
class Slots {
  private readonly queue: Array<() => void> = [];

  constructor(private free: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free++;
    }
  }
}

export interface PageMarginsMm {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** How Mutu prints its documents: A4 with backgrounds, the header and footer in the page margins. */
export function a4WithHeaderFooter(page: {
  readonly landscape?: boolean;
  readonly headerTemplate: string;
  readonly footerTemplate: string;
  readonly marginsMm: PageMarginsMm;
}): Omit<PDFOptions, 'timeout'> {
  const mm = (value: number) => `${value}mm`;
  const { top, right, bottom, left } = page.marginsMm;
  return {
    format: 'A4',
    landscape: page.landscape ?? false,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: page.headerTemplate,
    footerTemplate: page.footerTemplate,
    margin: { top: mm(top), right: mm(right), bottom: mm(bottom), left: mm(left) },
  };
}

/**
 * Where the renderer notes launches and failures: Nest's Logger in the applications. Given, not
 * made here, so that this library loads without @nestjs/common, and the CLI starts Chromium
 * (ChromiumProcess) before Nest loads.
 */
export interface RendererLog {
  log(message: string): void;
  warn(message: string): void;
}

/** Notes nothing: a renderer given no log. */
const SILENT: RendererLog = { log: () => undefined, warn: () => undefined };

/**
 * One headless Chromium shared by every render, with at most `pageCount` pages (tabs) at work.
 * Launching costs about a second and a page some tens of milliseconds, so both are kept warm;
 * a browser that crashed or was killed is noticed on the next render and launched again.
 */
export class ChromiumRenderer implements OnApplicationShutdown {
  private readonly logger: RendererLog;
  private readonly slots: Slots;
  private browser: Promise<Browser> | null = null;
  private readonly idle: Page[] = [];
  /** The page prepare opens, while it opens; the first render waits for it rather than opening another. */
  private preparing: Promise<Page | undefined> | null = null;
  private closed = false;
  private shutdown?: Promise<void>;
  /** The boot-time launch and first page, while they run. */
  private warming: Promise<void> | null = null;
  private readonly readyWaitMs: number;
  /** A Chromium started before this renderer (see ChromiumProcess); the first launch attaches to it. */
  private readonly started: ChromiumProcess | undefined;
  private startedUsed = false;
  /** Documents still to print before Chromium is ended (see the constructor's `documents`). */
  private documentsLeft: number | undefined;

  /**
   * `readyWaitMs`: see pdf; `started`: a Chromium already starting, used instead of launching one;
   * `documents`: how many documents this renderer is for (the CLI's `report` knows): once the
   * last is printed, Chromium is ended at once, while the caller still files it, rather than
   * at shutdown; `logger`: where launches and failures are noted (none: nowhere).
   */
  constructor(
    private readonly candidates: () => Promise<readonly BrowserCandidate[]>,
    pageCount: number,
    {
      readyWaitMs = READY_WAIT_MS,
      started,
      documents,
      logger = SILENT,
    }: { readyWaitMs?: number; started?: ChromiumProcess; documents?: number; logger?: RendererLog } = {},
  ) {
    this.slots = new Slots(pageCount);
    this.readyWaitMs = readyWaitMs;
    this.started = started;
    this.documentsLeft = documents;
    this.logger = logger;
  }

  /**
   * Launches Chromium and prints a first page in the background (the API calls this at boot), so
   * the first document asked for does not pay for a cold start. Failures are only logged: the
   * next render launches again and reports its own error.
   */
  warmUp(): void {
    if (this.warming || this.closed) return;
    const started = Date.now();
    this.warming = this.withPage(async (page) => {
      await page.setContent('<p>Mutu</p>', { waitUntil: 'load', timeout: WARM_UP_TIMEOUT_MS });
      await page.pdf({ format: 'A4', timeout: WARM_UP_TIMEOUT_MS });
    })
      .then(
        () => this.logger.log(`Pembuat dokumen PDF siap dalam ${Date.now() - started} ms`),
        (error: unknown) => this.logger.warn(`Chromium gagal disiapkan saat mulai: ${String(error)}`),
      )
      .finally(() => (this.warming = null));
  }

  /**
   * Launches Chromium and opens a page now, in the background, so that a render asked for a few
   * seconds later (the CLI's, once the application has booted) finds both ready instead of
   * waiting for them; a render asked for while the page still opens waits for that page rather
   * than opening a second one beside it (each page is a renderer process that Chromium starts, a
   * tenth of a second on a busy machine). Nothing is printed.
   */
  prepare(): void {
    if (this.closed || this.preparing || this.idle.length) return;
    this.preparing = this.connectedBrowser()
      .then((browser) => (this.closed ? undefined : this.newPage(browser)))
      // Not logged: the render launches again and reports its own error, once, where it is asked for.
      .catch(() => undefined);
  }

  /**
   * The HTML document printed to PDF; every page option but the timeout is the caller's. While
   * the warm-up still runs after `readyWaitMs`, and when Chromium does not answer in time, throws
   * RendererUnavailableError (503, retry later) rather than failing as a server error.
   */
  async pdf(html: string, options: Omit<PDFOptions, 'timeout'>): Promise<Uint8Array> {
    const warming = this.warming;
    if (warming) {
      let timer: NodeJS.Timeout | undefined;
      const ready = await Promise.race([
        warming.then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.readyWaitMs))),
      ]);
      clearTimeout(timer);
      if (!ready) throw new RendererUnavailableError('Chromium masih dijalankan / still starting');
    }
    try {
      const content = await this.withPage(async (page) => {
        await page.setContent(html, { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT_MS });
        return page.pdf({ ...options, timeout: PDF_TIMEOUT_MS });
      });
      if (this.documentsLeft !== undefined && --this.documentsLeft === 0) {
        // Shutdown, called again later, then waits for this one; its failure is that call's to report.
        this.onApplicationShutdown().catch(() => undefined);
      }
      return content;
    } catch (error) {
      if (
        error instanceof TimeoutError ||
        (error instanceof ProtocolError && /timed out/i.test(error.message))
      ) {
        throw new RendererUnavailableError(`Chromium tidak menjawab tepat waktu: ${error.message}`);
      }
      throw error;
    }
  }

  /** Ends the browser once: a later call (the application's own shutdown) waits for the first. */
  onApplicationShutdown(): Promise<void> {
    this.shutdown ??= this.close();
    return this.shutdown;
  }

  private async close(): Promise<void> {
    this.closed = true;
    const current = this.browser;
    this.browser = null;
    this.idle.length = 0;
    this.preparing = null;
    const browser = await current?.catch(() => null);
    // One with no process of puppeteer's is the Chromium started before (ChromiumProcess): quit
    // below kills it at once rather than waiting for its own shutdown.
    if (browser && !browser.process()) await browser.disconnect();
    else await browser?.close().catch(() => browser.process()?.kill('SIGKILL'));
    await this.started?.quit();
  }

  private withPage<T>(work: (page: Page) => Promise<T>): Promise<T> {
    return this.slots.run(async () => {
      for (let attempt = 1; ; attempt++) {
        const browser = await this.connectedBrowser();
        let page: Page | undefined;
        try {
          page = await this.takePage(browser);
          const result = await work(page);
          this.idle.push(page);
          return result;
        } catch (error) {
          // A page that failed half-way may hold anything; it is not handed out again.
          await page?.close().catch(() => undefined);
          // The browser died under this render: the next attempt launches a new one.
          if (attempt > 1 || this.closed || browser.connected) throw error;
          this.logger.warn(`Chromium terputus saat membuat dokumen; dijalankan ulang: ${String(error)}`);
        }
      }
    });
  }

  private async takePage(browser: Browser): Promise<Page> {
    // Taken before waiting, so that a second render at the same time opens its own page.
    const preparing = this.preparing;
    this.preparing = null;
    const prepared = await preparing;
    if (prepared && !prepared.isClosed() && prepared.browser() === browser) return prepared;
    for (let page = this.idle.pop(); page; page = this.idle.pop()) {
      if (!page.isClosed() && page.browser() === browser) return page;
    }
    return this.newPage(browser);
  }

  private async newPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    // Documents are plain HTML and CSS made here; no script needs to run in them.
    await page.setJavaScriptEnabled(false);
    return page;
  }

  private async connectedBrowser(): Promise<Browser> {
    for (;;) {
      if (this.closed) throw new Error('Pembuat dokumen sudah ditutup / the renderer is shut down');
      const current = this.browser ?? (this.browser = this.launch());
      let browser: Browser;
      try {
        browser = await current;
      } catch (error) {
        // A failed launch is not remembered: the next render tries again.
        if (this.browser === current) this.browser = null;
        throw error;
      }
      if (browser.connected) return browser;
      if (this.browser === current) {
        this.browser = null;
        browser.process()?.kill('SIGKILL');
      }
    }
  }

  private async launch(): Promise<Browser> {
    if (this.started && !this.startedUsed) {
      this.startedUsed = true;
      try {
        const browser = await this.started.connect(PROTOCOL_TIMEOUT_MS);
        this.logger.log(`Chromium ${await browser.version()} dari ${this.started.executablePath} dipakai`);
        return browser;
      } catch (error) {
        // It failed to start or died: launched here instead, which reports its own error if that fails too.
        this.logger.warn(`Chromium yang sudah dijalankan tidak menjawab: ${String(error)}`);
        await this.started.quit();
      }
    }
    const executablePath = await resolveBrowserExecutable(await this.candidates());
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_LAUNCH_FLAGS],
      pipe: true,
      timeout: LAUNCH_TIMEOUT_MS,
      protocolTimeout: PROTOCOL_TIMEOUT_MS,
      // Shutdown is the application's: puppeteer's own handlers would exit the process on SIGINT.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    this.logger.log(`Chromium ${await browser.version()} dijalankan dari ${executablePath}`);
    return browser;
  }
}
