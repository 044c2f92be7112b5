/**
 * Messages between the page and its worker. Every request carries an id; the answer to it
 * carries the same id, so the page can drop answers it no longer wants.
 */
export type Request =
  | { readonly kind: 'check'; readonly id: number; readonly source: string; readonly seed: number }
  | { readonly kind: 'derive'; readonly id: number; readonly subject: string; readonly wrt: string | null; readonly seed: number }
  | { readonly kind: 'catalogue'; readonly id: number };

export type Verdict = 'valid' | 'invalid' | 'unknown' | 'error';

/** What the editor shows at one line: the worst verdict there and what to say about it. */
export interface LineMark { readonly line: number; readonly verdict: Verdict; readonly note: string }

export interface Summary { readonly steps: number; readonly valid: number; readonly invalid: number; readonly unknown: number; readonly errors: number }

export type Response =
  | { readonly kind: 'check'; readonly id: number; readonly html: string; readonly summary: Summary; readonly marks: readonly LineMark[]; readonly ms: number }
  | { readonly kind: 'derive'; readonly id: number; readonly ok: true; readonly html: string; readonly latex: string }
  | { readonly kind: 'derive'; readonly id: number; readonly ok: false; readonly message: string }
  | { readonly kind: 'catalogue'; readonly id: number; readonly html: string }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };
