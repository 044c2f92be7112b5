/**
 * Derivatives claimed in words: which span of the sentence is the function, which the variable.
 */
import { describe, expect, it } from 'vitest';
import { againPhrase, derivativePhrase, pointPhrase, valuePhrase } from '../../src/check/phrases.js';

describe('derivative phrases', () => {
  it.each<[string, ReturnType<typeof derivativePhrase>]>([
    ['The derivative of {0} is', { order: 1, of: 0, wrt: null }],
    ['The derivative of {0} with respect to {1} is', { order: 1, of: 0, wrt: 1 }],
    ['For {0}, the derivative of {1} w.r.t. {2} is just', { order: 1, of: 1, wrt: 2 }],
    ['the second derivative of the loss {0} is', { order: 2, of: 0, wrt: null }],
    ['Since {0}, its derivative is', { order: 1, of: null, wrt: null }],
    ['Its derivative is {0} and its second derivative is', { order: 2, of: null, wrt: null }],
    ['{0} has derivative', { order: 1, of: 0, wrt: null }],
    ['The derivative is', { order: 1, of: null, wrt: null }],
    ['Differentiating {0} gives', { order: 1, of: 0, wrt: null }],
    ['Taking the derivative of {0} we get', { order: 1, of: 0, wrt: null }],
    ['Taking the second derivative of {0} with respect to {1}, we obtain', { order: 2, of: 0, wrt: 1 }],
    ['{0} differentiates to', { order: 1, of: 0, wrt: null }],
    ['The gradient of {0} with respect to {1} is', { order: 1, of: 0, wrt: 1 }],
    ['The gradient w.r.t. {0} is', { order: 1, of: null, wrt: 0 }],
    ['the slope of {0} is', { order: 1, of: 0, wrt: null }],
    ['The slope of {0} at {1} is', { order: 1, of: 0, wrt: null, at: 1 }],
    ['the derivative of {0} at {1} equals', { order: 1, of: 0, wrt: null, at: 1 }],
    // the largest derivative is a number, not the derivative
    ['The maximum derivative of {0} is', null],
  ])('%s', (template, want) => {
    expect(derivativePhrase(template)).toEqual(want);
  });

  it.each([
    'The derivative of the sigmoid with respect to its input is',
    'The derivative of {0} is zero at',
    'We take the derivative of {0} and get',
    'its derivative is positive, so {0} is',
  ])('says nothing about the math after "%s"', (template) => {
    expect(derivativePhrase(template)).toBeNull();
  });
});

describe('value phrases', () => {
  it('name the span right before the verb', () => {
    expect(valuePhrase("Then {0} is")).toBe(0);
    expect(valuePhrase("so {0} equals")).toBe(0);
    expect(valuePhrase("With {0}, the slope {1} is just")).toBe(1);
    expect(valuePhrase("{0} is positive and")).toBeNull();
    expect(valuePhrase("The maximum of {0} is")).toBeNull();
    expect(valuePhrase("The value of {0} is")).toBe(0);
    // a span after "at" is a point, not what the verb is about
    expect(valuePhrase("the derivative at {0} is")).toBeNull();
  });
});

describe('point phrases', () => {
  it('name the span whose value the math after gives, and the point', () => {
    expect(pointPhrase('So {0}, and at {1} it is')).toEqual({ of: 0, at: 1 });
    expect(pointPhrase('Then {0} {1}, which at {2} is')).toEqual({ of: 1, at: 2 });
    expect(pointPhrase('So {0}, which is')).toBeNull();
  });
});

describe('again phrases', () => {
  it('name the span whose value the math after writes again', () => {
    expect(againPhrase('The derivative is {0}, which simplifies to')).toBe(0);
    expect(againPhrase('Expanding, {0}, which factors as')).toBe(0);
    expect(againPhrase('So {0}; this equals')).toBe(0);
    expect(againPhrase('So {0}, which is just')).toBe(0);
    expect(againPhrase('Then {0} {1}, which at {2} is')).toBe(1);
    expect(againPhrase('So {0}, and at {1} it is')).toBeNull();
    expect(againPhrase('So {0}, which for {1}, equals')).toBe(0);
    expect(againPhrase('The derivative is {0}, i.e.')).toBe(0);
    expect(againPhrase('We get {0}, or equivalently')).toBe(0);
    expect(againPhrase('So {0}, that is,')).toBe(0);
    expect(againPhrase('So {0}; in other words')).toBe(0);
    expect(againPhrase('Either {0} or')).toBeNull();
    expect(againPhrase('So {0}, which is the derivative of')).toBeNull();
    expect(againPhrase('Differentiating {0}, we get')).toBeNull();
  });
});
