/**
 * What each relation in the notes is for, decided the way a careful teacher reads: one ordered
 * table of rules, the first that applies wins. A rule sees the relation, the scope in force, the
 * prose around it and its neighbours in the same span of math; it gives a role and a short
 * reason (shown by `deriv check --explain` and in the JSON report) and names the effect the note
 * reader then carries out (define a symbol, bind it, restrict the domain, judge a step).
 *
 * Roles: `definition` (introduces a name), `claim` (a step to judge), `condition` (restricts the
 * domain), `binding` (an example value), `rule` (a general rule stated in the abstract),
 * `remark` (prose inside math, or something that cannot be used).
 */
import { rel, type Expr, type Sym } from '../core/expr.js';
import { isIndexToken, plainAccent, subTokens } from '../core/indices.js';
import { freeSet } from '../core/walk.js';
import type { Statement } from '../parse/index.js';
import {
  abstractNames, circularPath, closedValue, definable, isConditionShape, isInequality, gradientVariable, lossFor, mentions, namesIn, type OwnVersion,
} from './notation.js';
import { sumConstraint, type Scope } from './scope.js';

export type Role = 'definition' | 'claim' | 'condition' | 'binding' | 'rule' | 'remark';

/** What the reader does with a relation once its role is known. */
export type Effect =
  | 'continue' // a continuation: judge it from the last expression of the chain before
  | 'assume' // add its inequalities to the domain (beside an equation: that span; leading into math: its sentence; alone: the section)
  | 'note' // nothing to do
  | 'set-aside' // not used, and reported where it is written (a circular definition)
  | 'bind' // give the symbol its value for the math right after
  | 'index-case' // `i = j` or `i \neq j`: which index values the math right after is about
  | 'instantiate' // `k = 1, 2` after `p_k = …`: define p_1, p_2
  | 'define' // define the symbol or function; judge the rest of its chain
  | 'branch' // add a branch to a symbol defined piece by piece under conditions
  | 'gradient' // `dθ = …`: dθ names ∂L/∂θ; judge the chain from it
  | 'implicit' // `∂r/∂u = ∂/∂u(X) = …`: r is X; judge the chain
  | 'claim'; // judge every step of the chain

export interface RoleContext {
  readonly st: Statement;
  /** The left side as the reader takes it (a gradient name `dθ` already made one symbol). */
  readonly lhs: Expr;
  readonly scope: Scope;
  /** Prose right before the relation: its `\text{…}` words, or the sentence leading into the math. */
  readonly cue: string;
  readonly inline: boolean;
  /** It starts with a relation (`= …`) or completes a dangling one from the block before. */
  readonly continues: boolean;
  /** The span also holds an equation (so inequalities beside it restrict it) / a condition. */
  readonly equationBeside: boolean;
  readonly conditionBeside: boolean;
  /** A condition alone in its math that leads into more math in its sentence ("for $x > 0$: $f'(x) = 1$"). */
  readonly leads: boolean;
  /** Closed values written after it with commas (`k = 1, 2`). */
  readonly list: readonly Expr[];
  /** Symbols with a subscript index defined in the same prose block (`p_k` before "for $k = 1, 2$"). */
  readonly indexed: readonly Sym[];
  /** Symbols the notes have used as variables so far (free in a definition or a judged step). */
  readonly variables: ReadonlySet<Sym>;
  /** The sentence so far, earlier math shown as `$` ("For large $ ,"); '' for display math. */
  readonly sentence: string;
  /** The cue came from math before it in the sentence ("Take $u = 1$ and $v = -1$"). */
  readonly cueInherited: boolean;
  /** Commas after it write a range with dots (`i = 1, \dots, K`). */
  readonly range: boolean;
  /** Letters the notes write as indices (in subscripts: `z_i`, `W_{ij}`). */
  readonly indexLetters: ReadonlySet<string>;
  /** The math follows the label of a list item ("* ELU: $f(z) = …$"): each item of such a list is a case of its own. */
  readonly listLabel: boolean;
  /** A table function the statement defines its own way (`ownVersion`): then `lhs` is the notes' function. */
  readonly own: OwnVersion | null;
  /** Names the sentence has already given a number (inline math only). */
  readonly offered: ReadonlySet<Sym>;
}

export interface RoleRule {
  readonly id: string;
  readonly role: Role;
  readonly effect: Effect;
  /** A written example the rule is for. */
  readonly example: string;
  /** The reason shown to the user when the rule applies, or null when it does not. */
  readonly test: (c: RoleContext) => string | null;
}

/** Prose that announces a new case, so a second `h = …` redefines h instead of claiming it. */
const NEW_CASE = /\b(here|instead|now|back to|alternatively|this time|in this case|case|suppose|consider|let|define|redefine|defining|denote|take|set|for an?|with an?|with (?:only |just )?one|in the [a-z]+ case|when we use|if we use|replace|switch)\b/;
/** A sentence that solves an equation: its equations and solutions are not identities ("Set $s(1-s) = 0.1$, …, so $s \approx 0.887$"). */
const SOLVING = /^(set|setting|solve|solving|solving for|suppose|supposing) \$|^(set|setting|equating)\b[^$]*\bto (zero|0)\b|\bnormal equations?\b/;
/** Prose that makes an inequality a condition whatever its shape (`\text{for } |x| > 1`). */
/** Prose that introduces a definition right before it. */
const DEFINE_CUE = /\b(let|define|defining|consider|set|denote)\W*$/;
const CONDITION_CUE = /\b(for|if|when|whenever|where|provided|assume|assuming|suppose)\W*$/;
/** Prose that makes `≈` a statement about a limit or a region, not a step ("for large $x$, $s(x) \approx x$"). */
const LIMIT_CUE = /\b(large|small|big|tiny|very (negative|positive)|near|close to|tends|approaches|as \$ ?(→|\\to|goes)|in the limit|asymptotic(ally)?|far from)\b/;
/** Prose that gives an example value ("Example: $t = 2$", "for $z = 10$"). */
const BIND_CUE = /\b(example|e\.g\.|for|if|at|when|whenever|with|take|taking|choose|choosing|pick|picking|plug|plugging|substitute|substituting|evaluate|evaluating|say|setting|put)\W*$/;
/** Prose that makes an equation a condition to solve or a place, not an identity ("setting $f'(x) = 0$", "at the kink $w x + b = 0$"). */
const SOLVE_CUE = /\b(setting|set|solve|solving|such that|suppose|supposing|assume|assuming|if|when|whenever|where|wherever|require|requiring)\W*$|\b(at|on) (the|a|an) [a-z]+( [a-z]+)?[\s,]*$/;

/** The start of a list item that labels it ("ELU:", "tanh (scaled):", "GELU (tanh approx.):"); "for $ :" binds a value instead. */
const LIST_LABEL = /^[a-z](?:[^.!?;:$]|\.(?=\))){0,40}:$/;
const NOT_A_LABEL = /\b(check|checking|verify|verifying|so|hence|thus|therefore|answer|result|proof|note|sanity|for|if|when|at|with|where|given|let|take)\b/;
/** Whether the sentence so far, in a list item, is the item's label. */
export const isListLabel = (container: string, sentence: string): boolean => {
  const s = sentence.trim().toLowerCase();
  return container === 'list-item' && LIST_LABEL.test(s) && !NOT_A_LABEL.test(s);
};

/** Prose that makes a lone name a one-hot vector ("a one-hot target $\mathbf{y}$"). */
const ONE_HOT = /\bone[- ]hot( (encoded|encoding|target|label|vector|class))?\W*$/;

/** Whether the notes define the entries of `s` (`p_k = …`, `\mathbf{p} = …`): then a sum of them is a claim. */
function definesEntries(scope: Scope, s: Sym): boolean {
  const plain = (x: Sym): string | undefined => plainAccent(x.accent);
  return [...scope.defs.keys(), ...scope.functions.keys()].some((d) => d.name === s.name && d.layer === s.layer && plain(d) === plain(s));
}

const relationOps = (c: RoleContext): readonly string[] => c.st.ops;
const isEquation = (c: RoleContext): boolean => c.st.ops.length > 0 && c.st.ops.every((op) => op === '=');
const firstIsEq = (c: RoleContext): boolean => c.st.ops[0] === '=';
const show = (s: Sym): string => namesIn(s);

/** The rules, in the order they are tried. */
export const ROLE_RULES: readonly RoleRule[] = [
  {
    id: 'continuation', role: 'claim', effect: 'continue', example: '$$= \\frac{y - a}{a(1-a)}$$ after a chain',
    test: (c) => (c.continues ? 'continues the chain before it' : null),
  },
  {
    id: 'alternative', role: 'binding', effect: 'note', example: 'Try $\\eta = 0.1$ or $\\eta = 0.01$',
    test: (c) => {
      const s = c.lhs;
      if (!c.cueInherited || !isEquation(c) || c.st.ops.length !== 1 || s.kind !== 'sym' || !c.offered.has(s) || closedValue(c.st.args[1]!) === null) return null;
      return `another value of ${show(s)} the sentence offers, beside the one before it`;
    },
  },
  {
    id: 'index-range', role: 'binding', effect: 'note', example: 'p_i = …, \\quad i = 1, \\dots, K',
    test: (c) => (c.range && c.lhs.kind === 'sym' ? `${show(c.lhs)} runs over a range` : null),
  },
  {
    id: 'index-case', role: 'condition', effect: 'index-case', example: '**Case $i \\neq j$.**',
    test: (c) => {
      const [a, b] = c.st.args;
      const letter = (e: Expr | undefined): boolean => e?.kind === 'sym' && e.sub === undefined && e.layer === undefined && e.primes === 0 && c.indexLetters.has(e.name);
      const plain = (e: Expr | undefined): boolean => e?.kind === 'sym' && /^[a-z]$/.test(e.name) && e.sub === undefined && e.layer === undefined && e.primes === 0;
      if (c.st.args.length !== 2 || c.list.length > 0 || (c.st.ops[0] !== '=' && c.st.ops[0] !== '≠')) return null;
      if (!((letter(a) && (plain(b) || (b?.kind === 'num' && b.value.d === 1n))) || (plain(a) && letter(b)))) return null;
      return `which indices the math right after is about (${namesIn(a!)} ${c.st.ops[0]} ${namesIn(b!)})`;
    },
  },
  {
    id: 'condition', role: 'condition', effect: 'assume', example: 't > 1 \\quad h = 1; for $x > 0$',
    test: (c) => {
      if (!isConditionShape(c.st) && !(isInequality(c.st) && CONDITION_CUE.test(c.cue))) return null;
      if (c.equationBeside) return 'a condition for the equations beside it';
      return c.leads ? 'a condition for the math after it in its sentence' : 'an assumption for the rest of the section';
    },
  },
  {
    id: 'sum-constraint', role: 'condition', effect: 'assume', example: 'probabilities $p_1, \\dots, p_K$ that sum to 1, $\\sum_{k=1}^{K} p_k = 1$',
    test: (c) => {
      const fixed = c.st.lead === null ? sumConstraint(rel(c.st.ops, c.st.args)) : null;
      if (fixed === null || definesEntries(c.scope, fixed.sum.body as Sym)) return null;
      return `the ${show(fixed.sum.body as Sym)} sum to ${namesIn(fixed.total)}: an assumption (nothing defines them)`;
    },
  },
  {
    id: 'one-hot', role: 'condition', effect: 'assume', example: 'a one-hot target $\\mathbf{y}$',
    test: (c) => {
      const s = c.st.ops.length === 0 ? c.st.args[0] : undefined;
      if (s?.kind !== 'sym' || s.sub !== undefined || !ONE_HOT.test(c.cue) || definesEntries(c.scope, s)) return null;
      return `${show(s)} is one-hot: its entries sum to 1`;
    },
  },
  {
    id: 'limit', role: 'remark', effect: 'note', example: 'For large $x$, $s(x) \\approx x$',
    test: (c) => (c.st.ops.length > 0 && c.st.ops.every((op) => op === '≈') && LIMIT_CUE.test(c.sentence.toLowerCase())
      ? 'an approximation for a limit or a region, not a step' : null),
  },
  {
    id: 'binding-list', role: 'binding', effect: 'instantiate', example: 'If $p_k = A_k h + b_k$ for $k = 1, 2$',
    test: (c) => {
      const s = c.lhs;
      if (!isEquation(c) || c.st.ops.length !== 1 || s.kind !== 'sym' || closedValue(c.st.args[1]!) === null) return null;
      const owners = c.indexed.filter((d) => d.sub !== undefined && d.sub.split(',').includes(s.name));
      return owners.length === 0 ? null : `${show(s)} runs over ${[c.st.args[1]!, ...c.list].length} values: defines ${owners.map(show).join(', ')} for each`;
    },
  },
  {
    id: 'binding', role: 'binding', effect: 'bind', example: 'Example: $t = 2$',
    test: (c) => {
      const s = c.lhs;
      if (!isEquation(c) || c.st.ops.length !== 1 || s.kind !== 'sym' || s.primes > 0 || closedValue(c.st.args[1]!) === null) return null;
      if (BIND_CUE.test(c.cue) && !(c.cueInherited && c.scope.defs.has(s))) return `an example value of ${show(s)} for the math right after it`;
      if (c.scope.defs.has(s)) return null;
      if (c.variables.has(s)) return `${show(s)} is a variable of the notes: a value for the math right after it`;
      return null;
    },
  },
  {
    id: 'solve', role: 'condition', effect: 'note', example: "setting $\\frac{\\partial L}{\\partial w} = 0$",
    test: (c) => {
      if (!c.inline || c.st.ops.length === 0 || !c.st.ops.every((op) => op === '=' || op === '≈')) return null;
      if (c.st.args.every((a) => freeSet(a).size === 0)) return null;
      if (SOLVING.test(c.sentence.toLowerCase())) return 'part of solving an equation, not an identity';
      return definable(c.lhs) === null && SOLVE_CUE.test(c.cue) ? 'an equation to solve, not an identity' : null;
    },
  },
  {
    id: 'abstract-rule', role: 'rule', effect: 'note', example: "\\frac{f}{g} = \\frac{gf' - fg'}{g^2} (f, g not defined)",
    test: (c) => {
      const names = abstractNames(c.st, c.scope);
      if (names.size === 0 || !c.st.args.every((a) => mentions(a, names))) return null;
      // "Let $f(z) = g(z)^2$": f defined through a function the notes have not given (yet).
      if (DEFINE_CUE.test(c.cue) && c.st.args.length === 2 && c.lhs.kind === 'apply' && definable(c.lhs) !== null) return null;
      return `a general rule in ${[...names].map(show).join(', ')}, which are not defined here`;
    },
  },
  {
    id: 'update', role: 'rule', effect: 'note', example: 'w = w - \\eta \\frac{\\partial L}{\\partial w}',
    test: (c) => {
      const s = c.lhs;
      const value = c.st.args[1]!;
      if (!firstIsEq(c) || s.kind !== 'sym' || c.scope.defs.has(s) || value === s || !mentions(value, new Set([s]))) return null;
      return `an update: ${show(s)} appears on both sides`;
    },
  },
  {
    id: 'branch', role: 'definition', effect: 'branch', example: 't < -1 \\quad h = -1 (after t > 1 \\quad h = 1)',
    test: (c) => {
      const s = definedName(c);
      if (s === null || c.lhs.kind !== 'sym' || !c.conditionBeside || !c.scope.domains.has(s)) return null;
      return `another piece of ${show(s)}, under the condition beside it`;
    },
  },
  {
    id: 'circular', role: 'remark', effect: 'set-aside', example: 'u = kr + c, then c = 2(h - t)',
    test: (c) => {
      const s = definedName(c);
      if (s === null || (defined(c, s) && !newCase(c))) return null;
      const path = circularPath(c.scope, s, c.st.args[1]!);
      return path === null ? null : `not a definition: it would make ${show(s)} depend on itself (${path.map(show).join(' → ')})`;
    },
  },
  {
    id: 'gradient-name', role: 'definition', effect: 'gradient', example: 'd\\theta_2 = \\frac{\\partial J}{\\partial \\theta_2} = 2(\\theta_2 - 3)',
    test: (c) => {
      const g = gradientVariable(c.lhs);
      if (!firstIsEq(c) || g === null || c.scope.defs.has(c.lhs as Sym)) return null;
      const loss = lossFor(c.scope, g);
      return loss === null ? null : `${show(c.lhs as Sym)} names the gradient of ${show(loss)} with respect to ${show(g)}`;
    },
  },
  {
    id: 'own-version', role: 'definition', effect: 'define', example: 'Swish is $\\text{swish}(x) = x\\sigma(\\beta x)$',
    test: (c) => (c.own === null ? null
      : `defines its own ${namesIn(c.st.args[0]!)}, with ${c.own.extra.map(show).join(', ')}, which the built-in one does not have`),
  },
  {
    id: 'redefinition', role: 'definition', effect: 'define', example: 'and here the activation is the identity, so instead $$h = u$$',
    test: (c) => {
      const s = definedName(c);
      if (s === null || !defined(c, s)) return null;
      if (newCase(c)) return `redefines ${show(s)}: the prose announces a new case`;
      // "…, where $z = \mathbf{w}^\top\mathbf{x} + b$": the form the math before it uses (a number there is a value at a point).
      if (/^\W*where\b/.test(c.cue) && c.inline && closedValue(c.st.args[1]!) === null) return `redefines ${show(s)}: "where" gives the form the math before it uses`;
      // `f(w, x) = …` after `f(x, y, z) = …`: another function that happens to share the name.
      const before = c.scope.functions.get(s);
      return c.lhs.kind === 'apply' && before !== undefined && before.params.length !== c.lhs.args.length
        ? `redefines ${show(s)}: a function of ${c.lhs.args.length} arguments, not of ${before.params.length}` : null;
    },
  },
  {
    id: 'definition', role: 'definition', effect: 'define', example: '- unit: $h = q^{3}$; $r(q) = q\\tanh(q)$ is …',
    test: (c) => {
      const s = definedName(c);
      if (s === null || defined(c, s) || c.scope.bindings.has(s)) return null;
      return `defines ${show(s)}: it has no definition in scope`;
    },
  },
  {
    id: 'implicit-definition', role: 'claim', effect: 'implicit', example: '\\frac{\\partial r}{\\partial u} = \\frac{\\partial}{\\partial u}(uv + 2) = v',
    test: (c) => {
      const [a, b] = c.st.args;
      if (!firstIsEq(c) || a?.kind !== 'deriv' || b?.kind !== 'deriv' || a.body.kind !== 'sym' || a.body.primes > 0) return null;
      if (c.scope.defs.has(a.body) || a.wrt.length !== b.wrt.length || !a.wrt.every((v, i) => v === b.wrt[i])) return null;
      return `the chain defines ${show(a.body)} implicitly as the expression differentiated on its right`;
    },
  },
  {
    id: 'claim', role: 'claim', effect: 'claim', example: '$$\\frac{dh}{dq} = 3q^{2}$$; $\\phi(0) = e^{0} = 2$',
    test: (c) => (relationOps(c).length > 0 ? (definable(c.lhs) !== null ? `a claim about ${namesIn(c.lhs)}, which is defined` : 'a step to check') : null),
  },
];

/** Defined in this section or above; a name from an earlier sibling section may be defined again freely. */
const defined = (c: RoleContext, s: Sym): boolean => ((c.scope.defs.has(s) || c.scope.functions.has(s)) && !c.scope.inherited.has(s)) || instanceOfTemplate(c.scope, s);

/** `s_1` after `s_i = …`: an entry an indexed definition already gives. */
function instanceOfTemplate(scope: Scope, s: Sym): boolean {
  const at = subTokens(s.sub);
  if (at.length === 0 || !at.every((t) => /^\d+$/.test(t))) return false;
  return [...scope.defs.keys()].some((d) => d.name === s.name && d.layer === s.layer && d.accent === s.accent && !scope.inherited.has(d)
    && subTokens(d.sub).length === at.length && subTokens(d.sub).every(isIndexToken));
}
/** The name on the left (`s` of `s = …`, `f` of `f(x) = …`) when its value does not mention it. */
const definedName = (c: RoleContext): Sym | null => {
  const s = definable(c.lhs);
  // "* GELU (tanh approx.): $f(x) \approx …$": a list item's own function may be given approximately.
  const given = firstIsEq(c) || (c.listLabel && c.st.ops[0] === '≈');
  return s !== null && given && !mentions(c.st.args[1]!, new Set([s])) ? s : null;
};
const newCase = (c: RoleContext): boolean => NEW_CASE.test(c.cue) || c.listLabel;

/** The first rule that applies, with its reason. */
export function roleOf(c: RoleContext): { rule: RoleRule; reason: string } | null {
  for (const rule of ROLE_RULES) {
    const reason = rule.test(c);
    if (reason !== null) return { rule, reason };
  }
  return null;
}
