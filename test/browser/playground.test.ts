/**
 * The playground in a real browser: the built page (web/dist, built by test/global-setup.ts)
 * served by `vite preview` on 127.0.0.1 and driven in Debian's Chromium. A student types a
 * derivation with a sign slip and sees it marked at its line with its hint; the fixed
 * derivation has no mark; a shared link opens the notes it was made from; the buttons
 * differentiate a selection and show the catalogue; nothing is requested from anywhere but
 * the page's own server. The screenshot in the README is the one this test takes.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';
import { ARGS, available, CHROMIUM, skip, skipNote } from './chromium.js';

const OUTPUT = path.join(ROOT, 'test-output');

/** Lines 3 and 5 are steps; line 5 flips the sign of 2x − 3 (a sign slip). */
const SLIP = '# Homework 2\n\n$$\\frac{d}{dx}\\left(x^2 - 3x\\right) = 2x - 3$$\n\n$$= 3 - 2x$$';
const FIXED = '# Homework 2\n\n$$\\frac{d}{dx}\\left(x^2 - 3x\\right) = 2x - 3$$\n\n$$= -3 + 2x$$';

if (skip) console.warn(skipNote('the playground'));

describe.skipIf(skip)(`the playground in Chromium${skip ? ` (skipped: ${CHROMIUM} not found)` : ''}`, () => {
  let server: PreviewServer | undefined;
  let origin = '';
  let context: BrowserContext | undefined;
  let profile: string | undefined;

  beforeAll(async () => {
    expect(available, `${CHROMIUM} is missing: .ci/run installs Debian's chromium package when CI is set`).toBe(true);
    server = await preview({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, open: false } });
    origin = new URL(server.resolvedUrls!.local[0]!).origin;
    profile = mkdtempSync(path.join(tmpdir(), 'deriv-chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 760 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  /** A page that records every request it makes. */
  async function open(url: string): Promise<{ page: Page; requests: string[] }> {
    const page = await context!.newPage();
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-checked]');
    return { page, requests };
  }

  /** Waits for the answer to a check requested after `before` (the id of the last answer shown). */
  async function nextCheck(page: Page, before: string): Promise<void> {
    await page.waitForFunction((b) => document.body.dataset.checked !== b, before);
  }

  const checkedId = async (page: Page): Promise<string> => (await page.evaluate(() => document.body.dataset.checked)) ?? '';

  it('marks a typed sign slip at its line with its hint, and the fixed derivation with no mark', async () => {
    const { page, requests } = await open(`${origin}/`);
    const notes = page.locator('#notes');
    let before = await checkedId(page);
    await notes.fill('');
    await notes.pressSequentially(SLIP);
    await nextCheck(page, before);
    await page.waitForFunction(() => document.querySelectorAll('#gutter [data-verdict]').length === 2);

    // In the editor: the sign beside each step's line, the slip's hint on hover.
    const slip = page.locator('#gutter [data-line="5"]');
    expect(await slip.getAttribute('data-verdict')).toBe('invalid');
    expect(await slip.getAttribute('title')).toContain('differ in sign');
    expect(await page.locator('#gutter [data-line="3"]').getAttribute('data-verdict')).toBe('valid');
    // In the rendered notes: the mark beside the block of line 5, with the hint, the witness and the plot.
    const mark = page.locator('#preview .mark[data-verdict="invalid"]');
    expect(await mark.count()).toBe(1);
    expect(await mark.getAttribute('data-line')).toBe('5');
    expect(await mark.locator('.hint').textContent()).toBe('sign');
    expect(await mark.locator('.witness').textContent()).toMatch(/^at .*x.*: left = -?[\d.]+, right = -?[\d.]+$/);
    expect(await mark.locator('svg.chart path').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#preview .katex-display').count()).toBe(2);
    expect(await page.locator('#status').textContent()).toMatch(/^2 steps: 1 valid, 1 invalid, 0 unknown · \d+ ms$/);
    // The notes are in the address, and only the page's own files were requested.
    expect(await page.evaluate(() => location.hash)).toMatch(/^#notes=[\w-]+$/);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'playground.png') });

    before = await checkedId(page);
    await notes.fill(FIXED);
    await nextCheck(page, before);
    expect(await page.locator('[data-verdict="invalid"], [data-verdict="error"], [data-verdict="unknown"]').count()).toBe(0);
    expect(await page.locator('#gutter [data-verdict="valid"]').count()).toBe(2);
    expect(await page.locator('#preview .mark[data-verdict="valid"]').count()).toBe(2);
    await page.close();
  });

  it('opens a shared link with exactly the notes it was made from', async () => {
    // Packed here with zlib, independently of the page's own packing.
    const packed = deflateRawSync(Buffer.from(SLIP, 'utf8')).toString('base64url');
    const { page } = await open(`${origin}/#notes=${packed}`);
    expect(await page.locator('#notes').inputValue()).toBe(SLIP);
    expect(await page.locator('#gutter [data-line="5"]').getAttribute('data-verdict')).toBe('invalid');

    const damaged = await open(`${origin}/#notes=not-deflate`);
    expect(await damaged.page.locator('#status').textContent()).not.toBe('');
    expect(await damaged.page.locator('#notes').inputValue()).toContain('# The derivative of the sigmoid');
    await page.close();
    await damaged.page.close();
  });

  it('differentiates a selection step by step, copies its LaTeX, and shows the catalogue', async () => {
    const { page, requests } = await open(`${origin}/`);
    const notes = page.locator('#notes');
    await notes.fill('Take $\\frac{1}{1+e^{-z}}$.');
    // The selection is `$\frac{1}{1+e^{-z}}$`, dollars included.
    await notes.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 25));
    await page.click('#differentiate');
    await page.waitForSelector('#panel:not([hidden]) .derivation .katex-display');
    const latex = await page.locator('#panel .derivation annotation').textContent();
    expect(latex).toMatch(/^\\begin\{align\*\}/);
    expect(latex).toContain('\\sigma(z)\\left(1-\\sigma(z)\\right)');

    expect(await page.locator('#copy-latex').isDisabled()).toBe(false);
    await page.click('#copy-latex');
    // The clipboard itself: the status line says "LaTeX copied" only until the live re-check of
    // the notes (in its worker, late on a loaded machine) writes its own summary there.
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 30_000 })
      .toMatch(/^\\begin\{align\*\}[\s\S]*\\sigma\(z\)\\left\(1-\\sigma\(z\)\\right\)/);

    await page.click('#catalogue');
    await page.waitForSelector('#panel table.catalogue');
    const names = await page.locator('#panel table.catalogue tbody th').allTextContents();
    expect(names).toContain('sigmoid (logistic)');
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    await page.close();
  });
});
