/**
 * A small line-chart writer: curves (with gaps where a function is undefined), shaded x-ranges,
 * marked points, axes with round tick values, and a legend. Output is deterministic text
 * (coordinates rounded to hundredths), so the same data gives the same bytes.
 *
 * Curves are clipped to the plotting area, so a pole does not draw across the page. Inside an
 * HTML page the SVG namespace is implied; a standalone file carries it.
 */

export type Point = readonly [number, number | null];

export interface Series {
  readonly label: string;
  readonly points: readonly Point[];
  readonly color: string;
  readonly dashed?: boolean;
}

export interface ChartSpec {
  readonly width: number;
  readonly height: number;
  readonly x: readonly [number, number];
  /** Omitted: fitted to the data. */
  readonly y?: readonly [number, number];
  readonly series: readonly Series[];
  /** x-ranges to shade (where two curves differ). */
  readonly shade?: readonly (readonly [number, number])[];
  readonly marks?: readonly { readonly x: number; readonly y: number; readonly color: string }[];
  readonly xLabel?: string;
  readonly title?: string;
  /** A unique id prefix within the page (for the clip path). */
  readonly id: string;
  /** Write the XML namespace and declaration, for a `.svg` file. */
  readonly standalone?: boolean;
}

/** The colours of successive functions: distinguishable, and readable on white. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'] as const;

const n2 = (x: number): string => {
  const s = (Math.round(x * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
};

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function ticks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return out;
}

const tickLabel = (t: number): string => String(Number(t.toPrecision(6)));

/** A y-range that holds most of the data: quantiles, so one huge value near a pole does not flatten the rest. */
export function fitRange(values: readonly number[], include: readonly number[] = []): [number, number] {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return [-1, 1];
  const q = (p: number): number => v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))]!;
  let lo = Math.min(q(0.02), ...include);
  let hi = Math.max(q(0.98), ...include);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

export function lineChart(spec: ChartSpec): string {
  const { width: W, height: H } = spec;
  const columns = Math.max(1, Math.min(4, spec.series.length));
  const m = { left: 44, right: 18, top: spec.title === undefined ? 12 : 28, bottom: 34 + 16 * Math.ceil(spec.series.length / columns) };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const [x0, x1] = spec.x;
  const [y0, y1] = spec.y ?? fitRange(spec.series.flatMap((s) => s.points.map((p) => p[1] ?? NaN)));
  const sx = (x: number): number => m.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number): number => m.top + (1 - (y - y0) / (y1 - y0)) * ph;
  const out: string[] = [];
  const ns = spec.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  out.push(`<svg${ns} class="chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" font-family="sans-serif" font-size="11">`);
  if (spec.title !== undefined) out.push(`<title>${escapeXml(spec.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<clipPath id="${spec.id}-clip"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath>`);
  for (const [a, b] of spec.shade ?? []) {
    const l = sx(Math.max(a, x0));
    const r = sx(Math.min(b, x1));
    out.push(`<rect x="${n2(l)}" y="${m.top}" width="${n2(Math.max(1, r - l))}" height="${ph}" fill="#fde2e2"/>`);
  }
  // Grid and axes.
  for (const t of ticks(x0, x1)) {
    out.push(`<line x1="${n2(sx(t))}" y1="${m.top}" x2="${n2(sx(t))}" y2="${m.top + ph}" stroke="${t === 0 ? '#888' : '#eee'}"/>`);
    out.push(`<text x="${n2(sx(t))}" y="${m.top + ph + 14}" text-anchor="middle" fill="#444">${tickLabel(t)}</text>`);
  }
  for (const t of ticks(y0, y1, 5)) {
    out.push(`<line x1="${m.left}" y1="${n2(sy(t))}" x2="${m.left + pw}" y2="${n2(sy(t))}" stroke="${t === 0 ? '#888' : '#eee'}"/>`);
    out.push(`<text x="${m.left - 4}" y="${n2(sy(t) + 4)}" text-anchor="end" fill="#444">${tickLabel(t)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  if (spec.title !== undefined) out.push(`<text x="${m.left}" y="16" font-size="12" fill="#222">${escapeXml(spec.title)}</text>`);
  if (spec.xLabel !== undefined) out.push(`<text x="${m.left + pw + 4}" y="${m.top + ph + 4}" fill="#444">${escapeXml(spec.xLabel)}</text>`);
  // Curves: one path per run of defined points.
  out.push(`<g clip-path="url(#${spec.id}-clip)" fill="none" stroke-width="2">`);
  for (const s of spec.series) {
    const runs: string[] = [];
    let run: string[] = [];
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y)) {
        if (run.length > 1) runs.push(run.join(' '));
        run = [];
        continue;
      }
      // Far outside the frame, clamp so the path stays a sane size (the clip hides the rest).
      const py = Math.max(-H, Math.min(2 * H, sy(y)));
      run.push(`${run.length === 0 ? 'M' : 'L'}${n2(sx(x))},${n2(py)}`);
    }
    if (run.length > 1) runs.push(run.join(' '));
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    for (const d of runs) out.push(`<path d="${d}" stroke="${s.color}"${dash}/>`);
  }
  for (const p of spec.marks ?? []) {
    if (Number.isFinite(p.y)) out.push(`<circle cx="${n2(sx(p.x))}" cy="${n2(sy(p.y))}" r="3.5" fill="${p.color}" stroke="#fff"/>`);
  }
  out.push('</g>');
  // Legend under the x-axis, up to four entries to a row.
  spec.series.forEach((s, i) => {
    const lx = m.left + (i % columns) * Math.floor(pw / columns);
    const ly = m.top + ph + 36 + 16 * Math.floor(i / columns);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 28}" y="${ly}" fill="#222">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  const body = out.join('\n');
  return spec.standalone ? `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n` : body;
}
