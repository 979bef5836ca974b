import { describe, expect, it } from '@jest/globals';
import { italianDates } from './italian';

describe('dates in Italian sentences', () => {
  it.each([
    ['Paga entro il 11 dicembre 2026.', "Paga entro l'11 dicembre 2026."],
    ['scade il 8 marzo 2027', "scade l'8 marzo 2027"],
    ['Il 8 marzo', "L'8 marzo"],
    ['della scadenza del 11 aprile', "della scadenza dell'11 aprile"],
    ['riattivabile fino al 1 novembre 2026', 'riattivabile fino al 1° novembre 2026'],
    ['il 21 novembre e il 31 dicembre', 'il 21 novembre e il 31 dicembre'],
    ['il 25 dicembre', 'il 25 dicembre'],
    ['dal 18 maggio', 'dal 18 maggio'],
  ])('%s', (before, after) => {
    expect(italianDates(before)).toBe(after);
  });
});
