import { describe, expect, it } from 'vitest';
import { fieldsFrom, toSearchParams } from './search-form-state';

const NOW = 1_767_261_600_000_000;

describe('search form', () => {
  it('turns the URL into a query: lookback, tags, durations, limit', () => {
    const fields = fieldsFrom(
      new URLSearchParams('service=payments&tags=error%3Dtrue&lookback=15m&minDuration=1.5s&limit=50'),
    );
    expect(toSearchParams(fields, NOW)).toEqual({
      params: {
        service: 'payments',
        operation: undefined,
        tags: { error: 'true' },
        startUs: NOW - 15 * 60e6,
        endUs: NOW,
        minDurationUs: 1_500_000,
        maxDurationUs: undefined,
        limit: 50,
      },
    });
  });
  it('says what to fix', () => {
    const base = fieldsFrom(new URLSearchParams('service=a'));
    expect(toSearchParams({ ...base, service: '' }, NOW)).toEqual({ error: 'Pick a service to search.' });
    expect(toSearchParams({ ...base, minDuration: 'fast' }, NOW)).toEqual({
      error: 'Min duration: "fast" is not a duration such as 120ms, 1.5s or 250us.',
    });
    expect(toSearchParams({ ...base, tags: 'oops' }, NOW)).toEqual({ error: 'Tags: expected key=value at 1 ("oops")' });
    expect(
      toSearchParams({ ...base, lookback: 'custom', start: '2026-01-02T00:00', end: '2026-01-01T00:00' }, NOW),
    ).toEqual({ error: 'Custom range: the end must come after the start.' });
  });
});
