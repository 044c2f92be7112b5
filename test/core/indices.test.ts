/** Index tokens and layer superscripts (src/core/indices.ts), with the readings worked out by hand. */
import { describe, expect, it } from 'vitest';
import { joinSub, layerIndex, renameLayer, subTokens } from '../../src/core/indices.js';

describe('subscripts', () => {
  it('are taken apart into index tokens and put back so that they read the same', () => {
    expect(subTokens('ij')).toEqual(['i', 'j']);
    expect(subTokens('h1')).toEqual(['h1']);
    // k then 1 must not become the label k1; digits run together as written (W_{11}).
    expect(joinSub(['k', '1'])).toBe('k,1');
    expect(subTokens(joinSub(['k', '1']))).toEqual(['k', '1']);
    expect(joinSub(['1', '1'])).toBe('11');
    expect(joinSub(['2', 'j'])).toBe('2j');
    expect(joinSub(['10', 'j'])).toBe('10,j');
  });
});

describe('layer superscripts', () => {
  it('name a layer index in parentheses, brackets (stored bare) and Nielsen\'s braces', () => {
    expect(layerIndex('(l+1)')).toEqual({ letter: 'l', offset: 1 });
    expect(layerIndex('l')).toEqual({ letter: 'l', offset: 0 });
    expect(layerIndex('{l-1}')).toEqual({ letter: 'l', offset: -1 });
    expect(layerIndex('(2)')).toBeNull();
    expect(layerIndex('L')).toBeNull(); // the last layer is a label
  });

  it('keep their brackets when the index takes a value', () => {
    expect(renameLayer('(l+1)', 1)).toBe('(2)');
    expect(renameLayer('{l-1}', 1)).toBe('{0}');
    expect(renameLayer('l', 2)).toBe('2');
    expect(renameLayer('{l+1}', 'm')).toBe('{m+1}');
  });
});
