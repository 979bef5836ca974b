import { describe, expect, it } from '@jest/globals';
import { italianNumberWords } from './payment-slip';

describe('the amount in words on a postal slip', () => {
  it.each([
    [0, 'zero'],
    [1, 'uno'],
    [17, 'diciassette'],
    [21, 'ventuno'],
    [23, 'ventitré'],
    [38, 'trentotto'],
    [100, 'cento'],
    [108, 'centootto'],
    [183, 'centottantatré'],
    [1000, 'mille'],
    [1210, 'milleduecentodieci'],
    [2025, 'duemilaventicinque'],
    [1_000_000, 'unmilione'],
  ])('%i is "%s"', (n, words) => {
    expect(italianNumberWords(n)).toBe(words);
  });
});
