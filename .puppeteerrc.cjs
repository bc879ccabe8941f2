// Puppeteer may not download its own browser here; Mutu resolves one itself (see README).
module.exports = { skipDownload: true };
