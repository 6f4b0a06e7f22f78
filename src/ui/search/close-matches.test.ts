import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from './close-matches';

const SERVICES = ['frontend', 'frontend-proxy', 'fraud-detection', 'payments', 'cart', 'checkout', 'Front-Door'];

describe('close matches for a service that is not there', () => {
  it('puts names it starts first, then names holding it, shortest first', () => {
    expect(closeMatches('fro', SERVICES)).toEqual(['frontend', 'Front-Door', 'frontend-proxy']);
    expect(closeMatches('end', SERVICES)).toEqual(['frontend', 'frontend-proxy']);
  });

  it('finds a misspelling a few edits away, nearest first', () => {
    expect(closeMatches('paymnets', SERVICES)).toEqual(['payments']);
    expect(closeMatches('chekout', SERVICES)).toEqual(['checkout']);
    expect(closeMatches('kart', SERVICES)).toEqual(['cart']);
  });

  it('offers nothing for a name unlike any, or an empty one', () => {
    expect(closeMatches('inventory', SERVICES)).toEqual([]);
    expect(closeMatches('  ', SERVICES)).toEqual([]);
  });

  it('stops early on a long name far from all (bounded work)', () => {
    expect(editDistance('a'.repeat(100), 'b'.repeat(100), 3)).toBe(Infinity);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(closeMatches('x'.repeat(10_000), SERVICES)).toEqual([]);
  });
});
