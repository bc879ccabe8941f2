// The raw baseline of the cold PDF row of test/bench/side-by-side.bench.ts: one process that
// launches Chromium through puppeteer, prints a saved HTML file to PDF with Mutu's page options
// and exits. Arguments: the HTML file, the PDF options (JSON file), the PDF to write.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const puppeteer = require('puppeteer');

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

async function main([htmlFile, optionsFile, target]) {
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
    args: FLAGS,
    headless: true,
    pipe: true,
  });
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setContent(readFileSync(htmlFile, 'utf8'), { waitUntil: 'load' });
    writeFileSync(target, await page.pdf(JSON.parse(readFileSync(optionsFile, 'utf8'))));
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
