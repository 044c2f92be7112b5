/**
 * Charts: the SVG writer (ticks, gaps where a function is undefined, deterministic text),
 * `deriv plot`, and the plot beside a wrong step, whose curves must be the step's two sides.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { fitRange, lineChart, stepPlot, stepSides, ticks } from '../../src/report/index.js';
import { externalReferences, ROOT, run } from './support.js';

describe('ticks', () => {
  it.each<[number, number, number[]]>([
    [-5, 5, [-4, -2, 0, 2, 4]],
    [0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [-0.3, 0.25, [-0.3, -0.2, -0.1, 0, 0.1, 0.2]],
    [3, 3, [3]],
  ])('[%d, %d] → %j', (lo, hi, expected) => {
    expect(ticks(lo, hi)).toEqual(expected);
  });
});

describe('fitRange', () => {
  it('ignores a pole: one huge value does not flatten the rest', () => {
    const values = [...Array.from({ length: 200 }, (_, i) => Math.sin(i / 10)), 1e12];
    const [lo, hi] = fitRange(values);
    expect(hi).toBeLessThan(2);
    expect(lo).toBeGreaterThan(-2);
  });

  it('keeps points it must show', () => {
    expect(fitRange([0, 1], [5])[1]).toBeGreaterThan(5);
  });
});

describe('lineChart', () => {
  const spec = {
    id: 't', width: 300, height: 200, x: [-1, 1] as const,
    series: [{ label: 'f', color: '#000', points: [[-1, 1], [-0.5, 0.5], [0, null], [0.5, 0.5], [1, 1]] as const }],
  };

  it('breaks a curve where the function is undefined', () => {
    expect(lineChart(spec).match(/<path d="M/g)?.length).toBe(2);
  });

  it('writes the namespace only for a standalone file', () => {
    expect(lineChart(spec)).toMatch(/^<svg class="chart"/);
    expect(lineChart({ ...spec, standalone: true })).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('escapes labels and is the same text for the same data', () => {
    const withLabel = { ...spec, series: [{ ...spec.series[0]!, label: 'a<b & "c"' }] };
    expect(lineChart(withLabel)).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(lineChart(withLabel)).toBe(lineChart(withLabel));
  });
});

describe('deriv plot', () => {
  it('draws sigmoid, tanh and their derivatives (dashed) into an SVG file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'deriv-plot-')), 'out.svg');
    const r = await run(['plot', 'sigmoid', 'tanh', '--derivatives', '--svg', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    for (const label of ['sigmoid(z)', 'tanh(z)', 'd/dz sigmoid(z)', 'd/dz tanh(z)']) expect(svg).toContain(`>${label}</text>`);
    expect(svg.match(/<path [^>]*stroke-dasharray/g)?.length).toBe(2);
    // Only the SVG namespace, which names the format and is never fetched.
    expect(externalReferences(svg.replace(' xmlns="http://www.w3.org/2000/svg"', ''))).toEqual([]);
  });

  it('writes to standard output without --svg, over the range asked for', async () => {
    const r = await run(['plot', 'x^2', '--from', '-2', '--to', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<title>x^2</title>');
    expect(r.stdout).toContain('>-2</text>');
    expect(r.stdout).toContain('>3</text>');
  });

  it.each([
    [['plot', 'x y'], "x y has the symbols x, y; a plot needs a function of one variable"],
    [['plot', 'prelu'], 'a plot needs a function of one variable'],
    [['plot', 'sigmoid', '--from', '2', '--to', '1'], '--from and --to must be numbers with from < to'],
    [['plot', '\\frac{1}{'], 'is neither a catalogue name nor an expression'],
  ])('%j is a usage error', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('the plot beside a wrong step', () => {
  const fixture = 'test/fixtures/report/wrong-step.md';
  const report = checkSource(readFileSync(path.join(ROOT, fixture), 'utf8'), fixture, { seed: 1 });
  const wrong = report.steps.find((s) => s.verdict === 'invalid')!;

  it('plots the two sides of the step, as functions of the witness symbol', () => {
    const sides = stepSides(report, wrong)!;
    expect(sides.label).toBe('z');
    expect(sides.at).toBe(wrong.witness!.z);
    for (const z of [-3, -0.5, 0, 1.25, 4]) {
      const left = -((1 + Math.exp(-z)) ** -2) * -Math.exp(-z);
      expect(sides.left(z)).toBeCloseTo(left, 12);
      expect(sides.right(z)).toBeCloseTo(-left, 12);
    }
  });

  it('shades where they differ and marks the witness', () => {
    const svg = stepPlot(report, wrong, 'p')!;
    expect(svg).toMatch(/<rect [^>]*fill="#fde2e2"\/>/);
    expect(svg.match(/<circle /g)?.length).toBe(2);
    expect(svg).toContain('>left side</text>');
  });

  it('rebuilds sides through definitions, holding the other symbols at the witness', () => {
    const bce = 'test/fixtures/bce-sign.md';
    const r = checkSource(readFileSync(path.join(ROOT, bce), 'utf8'), bce, { seed: 1 });
    const step = r.steps.find((s) => s.verdict === 'invalid')!;
    const sides = stepSides(r, step)!;
    // The first symbol of the witness varies (y); a stays at its witness value.
    expect(sides.label).toBe('y');
    const a = step.witness!.a!;
    for (const y of [0.2, 0.5, 0.9]) {
      expect(sides.right(y)).toBeCloseTo(y / a - (1 - y) / (1 - a), 12);
      expect(sides.left(y)).toBeCloseTo(-sides.right(y), 12);
    }
  });

  it('gives no plot for a step on random matrices', () => {
    const m = 'test/fixtures/matrix-commuted.md';
    const r = checkSource(readFileSync(path.join(ROOT, m), 'utf8'), m, { seed: 1 });
    const step = r.steps.find((s) => s.verdict === 'invalid');
    expect(step).toBeDefined();
    expect(stepPlot(r, step!, 'm')).toBeNull();
  });
});
