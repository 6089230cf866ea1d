import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { checkAccessibility, formatViolations, launchBrowser, screenshot } from './browser.ts';
import { installHints, skipOrFail } from './skip.ts';

const accessible = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Report an incident</title></head>
<body><main>
  <h1>Report an incident</h1>
  <form>
    <label for="what">What happened?</label>
    <textarea id="what" name="what"></textarea>
    <button type="submit">Continue</button>
  </form>
</main></body></html>`;

const inaccessible = `<!doctype html>
<html><head><title>Broken</title></head>
<body><img src="/x.png"><input type="text"><p style="color:#ccc;background:#fff">faint text</p></body></html>`;

describe('test support: Chromium, axe-core and screenshots', () => {
  let browser: Browser;
  let server: http.Server;
  let base: string;
  let shots: string;

  before(async function () {
    this.timeout(10 * 60_000);
    const launched = await launchBrowser();
    if (!launched) skipOrFail(this, installHints.chromium);
    browser = launched;
    // Pages served with a strict CSP, as Harbour serves its own: axe must still get in.
    server = http.createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-security-policy', "script-src 'none'");
      res.end(req.url === '/broken' ? inaccessible : accessible);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    shots = fs.mkdtempSync(path.join(os.tmpdir(), 'harbour-shots-'));
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (shots) fs.rmSync(shots, { recursive: true, force: true });
  });

  it('finds no WCAG 2.2 AA violations on an accessible page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const violations = await checkAccessibility(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    await page.close();
  });

  it('reports the violations of an inaccessible page, readably', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/broken`);
    const violations = await checkAccessibility(page);
    const ids = violations.map((v) => v.id);
    for (const id of ['image-alt', 'label', 'html-has-lang', 'color-contrast']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
    const text = formatViolations(violations);
    assert.match(text, /image-alt \(critical\): Images must have alternative text/);
    assert.match(text, /at img: <img src="\/x.png">/);
    await page.close();
  });

  it('writes a screenshot PNG with text drawn on it', async () => {
    const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
    await page.goto(`${base}/`);
    const file = await screenshot(page, 'support-selftest', shots);
    assert.equal(file, path.join(shots, 'support-selftest.png'));
    const png = PNG.sync.read(fs.readFileSync(file));
    assert.equal(png.width, 640);
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 80 && png.data[i + 1]! < 80 && png.data[i + 2]! < 80) dark++;
    assert.ok(dark > 500, `the heading and label are drawn in a font (${dark} dark pixels)`);
    await page.close();
  });

  it('refuses screenshot names that could leave the folder', async () => {
    const page = await browser.newPage();
    await assert.rejects(screenshot(page, '../escape', shots), /lower-case words and hyphens/);
    await page.close();
  });
});
