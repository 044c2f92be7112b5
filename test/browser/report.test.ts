/**
 * The HTML report in a real browser: Debian's Chromium, driven by playwright-core, opens the
 * report of notes with one wrong step and we look at what a reader sees — KaTeX's rendered
 * math with its fonts loaded, the invalid mark on the line of the wrong step (beside it on the
 * screen, not just in the markup), and no request leaving the page. A screenshot goes to
 * test-output/ for people to look at.
 *
 * No test downloads a browser. Without /usr/bin/chromium this file is skipped with a message,
 * except under CI (CI set), where a missing browser is a failure: .ci/run installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, run } from '../report/support.js';
import { ARGS, available, CHROMIUM, skip, skipNote } from './chromium.js';

const FIXTURE = 'test/fixtures/report/wrong-step.md';
const WRONG_LINE = 12;
const OUTPUT = path.join(ROOT, 'test-output');

if (skip) console.warn(skipNote('the HTML report'));

describe.skipIf(skip)(`the HTML report in Chromium${skip ? ` (skipped: ${CHROMIUM} not found)` : ''}`, () => {
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let pageFile = '';

  beforeAll(async () => {
    if (!available) return;
    const site = mkdtempSync(path.join(tmpdir(), 'deriv-browser-site-'));
    const r = await run(['report', FIXTURE, '--html', site]);
    expect(r.code, r.stderr).toBe(1);
    pageFile = path.join(site, 'test-fixtures-report-wrong-step.html');
    // A fresh profile each run: nothing cached, nothing shared with a person's browser.
    profile = mkdtempSync(path.join(tmpdir(), 'deriv-chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1200, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('shows the rendered math, the invalid mark beside the wrong line, and fetches nothing', async () => {
    expect(available, `${CHROMIUM} is missing: .ci/run installs Debian's chromium package when CI is set`).toBe(true);
    const page = await context!.newPage();
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    const url = pathToFileURL(pageFile).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);

    // KaTeX's output is there, laid out, in KaTeX's own (inlined) fonts.
    expect(await page.locator('.katex').count()).toBeGreaterThan(8);
    expect(await page.locator('.katex-display').count()).toBe(4);
    expect(await page.evaluate(() => document.fonts.check('20px KaTeX_Main') && document.fonts.check('20px KaTeX_Math'))).toBe(true);
    const mathFont = await page.locator('.katex-display .mord.mathnormal').first().evaluate((el) => getComputedStyle(el).fontFamily);
    expect(mathFont).toContain('KaTeX_Math');

    // Exactly one invalid mark, for the wrong line, in the block that holds that line.
    const marks = page.locator('.mark[data-verdict="invalid"]');
    expect(await marks.count()).toBe(1);
    expect(await marks.getAttribute('data-line')).toBe(String(WRONG_LINE));
    const block = page.locator('section.block', { has: marks });
    const [from, to] = (await block.getAttribute('data-lines'))!.split('-').map(Number) as [number, number];
    expect(from <= WRONG_LINE && WRONG_LINE <= to).toBe(true);
    expect(await block.locator('.src annotation').textContent()).toBe('= -\\left(1+e^{-z}\\right)^{-2} \\cdot e^{-z}');
    expect(await marks.locator('.hint').textContent()).toBe('sign');
    expect(await marks.locator('svg.chart path').count()).toBeGreaterThanOrEqual(2);

    // On screen: the mark sits to the right of that formula, level with it.
    const formula = (await block.locator('.src .katex-display').boundingBox())!;
    const mark = (await marks.boundingBox())!;
    expect(mark.x).toBeGreaterThan(formula.x + formula.width);
    expect(mark.y).toBeLessThan(formula.y + formula.height);
    expect(mark.y + mark.height).toBeGreaterThan(formula.y);
    // The valid marks are on other lines, beside their own formulas.
    expect(await page.locator('.mark[data-verdict="valid"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-line')))).toEqual(['6', '8', '14']);

    // The summary links to the mark.
    const link = page.locator('header.summary a');
    expect(await link.getAttribute('href')).toBe(`#${await marks.getAttribute('id')}`);

    // Nothing but the page itself was requested.
    expect(requests).toEqual([url]);

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'report-wrong-step.png'), fullPage: true });
    await marks.screenshot({ path: path.join(OUTPUT, 'report-wrong-step-mark.png') });
    expect(existsSync(path.join(OUTPUT, 'report-wrong-step.png'))).toBe(true);
    await page.close();
  });
});
