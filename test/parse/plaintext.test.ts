import { describe, expect, it } from 'vitest';
import { rewritePlain } from '../../src/parse/plaintext.js';
import { parse } from '../../src/parse/index.js';

describe('plain text: a function named in capitals is the function', () => {
  it.each([
    ["ELU'(x) = 1", "elu'(x) = 1"],
    ['ReLU(x) = max(0, x)', 'relu(x) = max(0, x)'],
    ['Softplus(x)', 'softplus(x)'],
    ['LeakyReLU(z)', 'leakyrelu(z)'],
    ['relu(x)', 'relu(x)'],
  ])('%s', (typed, want) => expect(rewritePlain(typed).text).toBe(want));

  it('leaves longer words and names inside words alone', () => {
    expect(rewritePlain('Sigmoidal(x) + xReLU').text).toBe('Sigmoidal(x) + xReLU');
  });

  it('keeps the column each character was typed at', () => {
    const r = rewritePlain('y = ReLU(x)');
    expect(r.origin.slice(4, 9)).toEqual([4, 4, 4, 4, 8]);
  });

  it('is read as the function of the table', () => {
    const typed = parse(rewritePlain('ELU(x)').text);
    const lower = parse('elu(x)');
    expect(typed.ok && lower.ok && typed.value === lower.value).toBe(true);
  });
});
