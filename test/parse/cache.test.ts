import { describe, expect, it } from 'vitest';
import { parseStatements } from '../../src/parse/index.js';

describe('recent parses are kept', () => {
  it('the same text and options give the same (frozen) result; cache: false parses afresh to the same nodes', () => {
    const a = parseStatements('\\sigma(z)(1-\\sigma(z)) = a(1-a)');
    const b = parseStatements('\\sigma(z)(1-\\sigma(z)) = a(1-a)');
    const c = parseStatements('\\sigma(z)(1-\\sigma(z)) = a(1-a)', { cache: false });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(a.ok && c.ok && a.value[0]!.args).toEqual(c.ok && c.value[0]!.args);
    expect(a.ok && Object.isFrozen(a.value)).toBe(true);
  });

  it('options are part of the key: a declared function changes the reading', () => {
    const product = parseStatements('L(a)');
    const applied = parseStatements('L(a)', { functions: ['L'] });
    expect(product.ok && product.value[0]!.args[0]!.kind).toBe('mul');
    expect(applied.ok && applied.value[0]!.args[0]!.kind).toBe('apply');
  });
});
