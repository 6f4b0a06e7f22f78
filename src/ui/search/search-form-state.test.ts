import { describe, expect, it } from 'vitest';
import { fieldsFrom, rangeForInput, rangeForUrl, toSearchParams } from './search-form-state';

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
    // No service: every service, where the source allows it (the page says so where it does not).
    expect(toSearchParams({ ...base, service: '' }, NOW)).toMatchObject({ params: { service: '' } });
    expect(toSearchParams({ ...base, minDuration: 'fast' }, NOW)).toEqual({
      error: 'Min duration: "fast" is not a duration such as 120ms, 1.5s or 250us.',
    });
    expect(toSearchParams({ ...base, tags: 'oops' }, NOW)).toEqual({ error: 'Tags: expected key=value at 1 ("oops")' });
    expect(
      toSearchParams({ ...base, lookback: 'custom', start: '2026-01-02T00:00', end: '2026-01-01T00:00' }, NOW),
    ).toEqual({ error: 'Custom range: the end must come after the start.' });
  });
});

describe('a search link as Jaeger UI writes it', () => {
  it('opens with the same service, operation, tags (JSON there), range and limits', () => {
    const query = new URLSearchParams(
      'service=frontend&operation=GET%20%2Fcart&tags=%7B%22error%22%3A%22true%22%2C%22http.status_code%22%3A500%2C%22user%20id%22%3A%22a%20b%22%7D' +
        '&lookback=custom&start=1767261600000000&end=1767265200000000&minDuration=10ms&maxDuration=2s&limit=40',
    );
    const fields = fieldsFrom(query);
    expect(fields.tags).toBe('error=true http.status_code=500 "user id"="a b"');
    expect(toSearchParams(fields, 0)).toEqual({
      params: {
        service: 'frontend',
        operation: 'GET /cart',
        tags: { error: 'true', 'http.status_code': '500', 'user id': 'a b' },
        startUs: 1767261600000000,
        endUs: 1767265200000000,
        minDurationUs: 10_000,
        maxDurationUs: 2_000_000,
        limit: 40,
      },
    });
  });

  it('keeps Jaeger lookbacks such as 2h and 12h, and leaves tags that are not a JSON object of values as typed', () => {
    expect(toSearchParams({ ...fieldsFrom(new URLSearchParams('service=a&lookback=12h')) }, 100e9)).toMatchObject({
      params: { startUs: 100e9 - 12 * 3600e6, endUs: 100e9 },
    });
    expect(fieldsFrom(new URLSearchParams('tags=%7B%22a%22%3A%7B%7D%7D')).tags).toBe('{"a":{}}');
    expect(fieldsFrom(new URLSearchParams('tags=%7Bbroken')).tags).toBe('{broken');
  });
});

describe('a custom range and the time zone', () => {
  it('is typed in the zone shown, kept in the URL as epoch µs, and shown again in any zone', () => {
    const typed = {
      ...fieldsFrom(new URLSearchParams('service=a&lookback=custom')),
      start: '2026-01-01T10:00',
      end: '2026-01-01T11:30',
    };
    const url = rangeForUrl(typed, 'utc');
    expect([url.start, url.end]).toEqual([
      String(Date.UTC(2026, 0, 1, 10) * 1000),
      String(Date.UTC(2026, 0, 1, 11, 30) * 1000),
    ]);
    expect(toSearchParams(url, 0, 'local')).toMatchObject({ params: { startUs: Date.UTC(2026, 0, 1, 10) * 1000 } });
    expect(toSearchParams(typed, 0, 'utc')).toMatchObject({ params: { startUs: Date.UTC(2026, 0, 1, 10) * 1000 } });
    expect(rangeForInput(url, 'utc')).toMatchObject({ start: '2026-01-01T10:00:00', end: '2026-01-01T11:30:00' });
  });

  it('leaves a range it cannot read as typed, for the form to say what is wrong', () => {
    const typed = { ...fieldsFrom(new URLSearchParams('service=a&lookback=custom')), start: 'soon', end: '' };
    expect(rangeForUrl(typed, 'local')).toMatchObject({ start: 'soon', end: '' });
    expect(toSearchParams(typed, 0, 'local')).toEqual({
      error: 'Custom range: give a start and an end date and time.',
    });
  });
});
