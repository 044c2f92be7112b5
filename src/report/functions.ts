/**
 * `deriv plot`: functions and their derivatives on one chart (the "why is tanh steeper than
 * sigmoid" figure). A subject is a catalogue name, whose derivative is the table's self-form,
 * or an expression in one symbol, differentiated and simplified here.
 */
import type { Expr, Sym } from '../core/expr.js';
import { freeSet } from '../core/walk.js';
import { catalogue } from '../catalog/index.js';
import { tryDifferentiate } from '../diff/index.js';
import { compile, CompileError } from '../numeric/compile.js';
import { parse } from '../parse/index.js';
import { symText, toText } from '../print/text.js';
import { simplify } from '../simplify/index.js';
import { fitRange, lineChart, PALETTE, type Series } from './svg.js';

export interface PlotSubject {
  readonly label: string;
  readonly variable: Sym;
  readonly f: Expr;
  readonly df: Expr;
}

export type PlotErrorCode = 'not-an-expression' | 'not-one-variable' | 'no-derivative' | 'not-plottable';
export interface PlotError { readonly code: PlotErrorCode; readonly subject: string; readonly detail: string }

const PLOT_TEXT: Record<PlotErrorCode, (e: PlotError) => string> = {
  'not-an-expression': (e) => `${e.subject} is neither a catalogue name nor an expression: ${e.detail}`,
  'not-one-variable': (e) => `${e.subject} has ${e.detail}; a plot needs a function of one variable (give parameters numbers: '\\operatorname{ELU}(z, 1)')`,
  'no-derivative': (e) => `cannot differentiate ${e.subject}: ${e.detail}`,
  'not-plottable': (e) => `${e.subject} cannot be evaluated: ${e.detail}`,
};

export const plotErrorMessage = (e: PlotError): string => PLOT_TEXT[e.code](e);

/** A name from the catalogue or an expression in one symbol, with its derivative. */
export function plotSubject(text: string, options: { ascii?: boolean } = {}): { ok: true; value: PlotSubject } | { ok: false; error: PlotError } {
  const entry = catalogue().find((c) => c.id.toLowerCase() === text.toLowerCase());
  let f: Expr;
  let df: Expr | null = null;
  if (entry !== undefined) {
    f = entry.trees.call;
    df = entry.trees.self;
  } else {
    const r = parse(text, { ascii: options.ascii ?? false });
    if (!r.ok) return { ok: false, error: { code: 'not-an-expression', subject: text, detail: r.error.message } };
    f = r.value;
  }
  const vars = [...new Set([...freeSet(f), ...(df === null ? [] : freeSet(df))])];
  if (vars.length !== 1) {
    const detail = vars.length === 0 ? 'no variable' : `the symbols ${vars.map(symText).join(', ')}`;
    return { ok: false, error: { code: 'not-one-variable', subject: text, detail } };
  }
  const v = vars[0]!;
  if (df === null) {
    const d = tryDifferentiate(f, v);
    if (!d.ok) return { ok: false, error: { code: 'no-derivative', subject: text, detail: d.error.message } };
    df = simplify(d.value.expr).expr;
  }
  return { ok: true, value: { label: toText(f), variable: v, f, df } };
}

export interface PlotOptions {
  readonly derivatives: boolean;
  readonly from: number;
  readonly to: number;
  readonly width?: number;
  readonly height?: number;
  readonly standalone: boolean;
}

const SAMPLES = 401;

/** Each function a solid curve, its derivative dashed in the same colour. */
export function functionsChart(subjects: readonly PlotSubject[], options: PlotOptions): { ok: true; svg: string } | { ok: false; error: PlotError } {
  const series: Series[] = [];
  const xs = Array.from({ length: SAMPLES }, (_, i) => options.from + ((options.to - options.from) * i) / (SAMPLES - 1));
  for (const [i, s] of subjects.entries()) {
    const color = PALETTE[i % PALETTE.length]!;
    const curves: [string, Expr, boolean][] = [[s.label, s.f, false]];
    if (options.derivatives) curves.push([`d/d${symText(s.variable)} ${s.label}`, s.df, true]);
    for (const [label, e, dashed] of curves) {
      let fn: (x: number) => number;
      try {
        const c = compile(e, [s.variable]);
        fn = (x) => c.fn([x]);
      } catch (err) {
        if (!(err instanceof CompileError)) throw err;
        return { ok: false, error: { code: 'not-plottable', subject: label, detail: err.message } };
      }
      series.push({ label, color, dashed, points: xs.map((x) => {
        const y = fn(x);
        return [x, Number.isFinite(y) ? y : null] as const;
      }) });
    }
  }
  const y = fitRange(series.flatMap((s) => s.points.map((p) => p[1] ?? NaN)));
  const title = subjects.map((s) => s.label).join(', ') + (options.derivatives ? ' and their derivatives' : '');
  return {
    ok: true,
    svg: lineChart({
      id: 'plot', width: options.width ?? 640, height: options.height ?? 420, x: [options.from, options.to], y,
      series, title, xLabel: subjects.map((s) => symText(s.variable)).filter((v, i, a) => a.indexOf(v) === i).join(', '),
      standalone: options.standalone,
    }),
  };
}
