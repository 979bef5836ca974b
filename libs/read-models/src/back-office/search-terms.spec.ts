import { describe, expect, it } from '@jest/globals';
import { indexWords, orderNumberDigits, prefixEnd, searchWords } from './search-terms';

describe('search terms', () => {
  it('splits names and emails into lower-case words without accents', () => {
    expect(searchWords("Niccolò D'Amico")).toEqual(['niccolo', 'd', 'amico']);
    expect(searchWords('cliente.123@Scala.it')).toEqual(['cliente', '123', 'scala', 'it']);
    expect(searchWords('  FE Studio   Studio ')).toEqual(['fe', 'studio']);
    expect(searchWords('%_\\')).toEqual([]);
  });

  it('files a text under its words and under those it has without dots and apostrophes', () => {
    expect(indexWords('FE Rossi S.r.l.')).toEqual(['fe', 'rossi', 's', 'r', 'l', 'srl']);
    expect(indexWords("D'Amico")).toEqual(['d', 'amico', 'damico']);
  });

  it('bounds the words a prefix begins: every one of them sorts between the prefix and its end', () => {
    expect(prefixEnd('ros')).toBe('rot');
    expect(prefixEnd('ro9')).toBe('roa');
    expect(prefixEnd('rz')).toBe('s');
    expect(prefixEnd('zz')).toBeNull();
    const words = ['ro', 'ros', 'rossi', 'rossz', 'rot', 'ro9', 'roa', 'rz', 's'];
    for (const prefix of ['ro', 'ros', 'rz', 'r']) {
      const end = prefixEnd(prefix);
      const inRange = words.filter((w) => w >= prefix && (end === null || w < end)).sort();
      expect(inRange).toEqual(words.filter((w) => w.startsWith(prefix)).sort());
    }
  });

  it('takes the six digits of an order number', () => {
    expect(orderNumberDigits('FE-2026-000123')).toBe('000123');
    expect(orderNumberDigits('garbage')).toBeNull();
  });
});
