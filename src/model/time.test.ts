import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochUsToInput, formatAge, formatEpochUs, inputToEpochUs, zoneLabel } from './time';

// 2026-01-01 10:00:00.123456 UTC
const T = Date.UTC(2026, 0, 1, 10, 0, 0, 123) * 1000 + 456;

describe('absolute times in UTC', () => {
  it('shows microseconds or seconds and says UTC', () => {
    expect(formatEpochUs(T)).toBe('2026-01-01 10:00:00.123456 UTC');
    expect(formatEpochUs(T, 'utc', 's')).toBe('2026-01-01 10:00:00 UTC');
  });

  it('carries a fraction that rounds up to the next millisecond', () => {
    expect(formatEpochUs(Date.UTC(2026, 0, 1) * 1000 + 999.7)).toBe('2026-01-01 00:00:00.001000 UTC');
  });

  it('refuses a time Date cannot show, in either zone', () => {
    expect(formatEpochUs(9e18)).toBe('time out of range');
    expect(formatEpochUs(-9e18, 'local')).toBe('time out of range');
  });
});

describe('absolute times in the browser zone (here Asia/Kolkata, UTC+05:30, and New York with summer time)', () => {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Asia/Kolkata';
  });
  afterAll(() => {
    process.env.TZ = before;
  });

  it('shows the wall clock there with its offset beside it', () => {
    expect(formatEpochUs(T, 'local')).toBe('2026-01-01 15:30:00.123456 UTC+05:30');
    expect(formatEpochUs(T, 'local', 's')).toBe('2026-01-01 15:30:00 UTC+05:30');
    expect(zoneLabel('local', T)).toBe('UTC+05:30');
    expect(zoneLabel('utc', T)).toBe('UTC');
  });

  it('gives the offset in force at that instant', () => {
    process.env.TZ = 'America/New_York';
    try {
      expect(formatEpochUs(T, 'local', 's')).toBe('2026-01-01 05:00:00 UTC−05:00');
      expect(formatEpochUs(Date.UTC(2026, 6, 1, 12) * 1000, 'local', 's')).toBe('2026-07-01 08:00:00 UTC−04:00');
    } finally {
      process.env.TZ = 'Asia/Kolkata';
    }
  });

  it('reads a typed range in the zone shown and writes it back the same', () => {
    expect(inputToEpochUs('2026-01-01T15:30', 'local')).toBe(Date.UTC(2026, 0, 1, 10, 0) * 1000);
    expect(inputToEpochUs('2026-01-01T15:30', 'utc')).toBe(Date.UTC(2026, 0, 1, 15, 30) * 1000);
    expect(inputToEpochUs('2026-01-01T15:30:05.25', 'utc')).toBe(Date.UTC(2026, 0, 1, 15, 30, 5, 250) * 1000);
    expect(epochUsToInput(T, 'local')).toBe('2026-01-01T15:30:00');
    expect(epochUsToInput(T, 'utc')).toBe('2026-01-01T10:00:00');
    expect(inputToEpochUs(epochUsToInput(T, 'local'), 'local')).toBe(Date.UTC(2026, 0, 1, 10, 0) * 1000);
  });

  it('refuses a date that does not exist or is not a date and time', () => {
    expect(inputToEpochUs('2026-02-31T10:00', 'utc')).toBeNaN();
    expect(inputToEpochUs('2026-01-01T25:00', 'local')).toBeNaN();
    expect(inputToEpochUs('yesterday', 'utc')).toBeNaN();
    expect(inputToEpochUs('', 'local')).toBeNaN();
  });

  it('says how long ago a time was in one rounded unit', () => {
    const now = Date.UTC(2026, 11, 4, 12) * 1000;
    expect(formatAge(now - 12e6, now)).toBe('12 s ago');
    expect(formatAge(now - 5 * 60e6 - 10e6, now)).toBe('5 min ago');
    expect(formatAge(now - 3 * 3600e6, now)).toBe('3 h ago');
    expect(formatAge(now - 49 * 3600e6, now)).toBe('2 d ago');
    expect(formatAge(now + 5e6, now)).toBe('0 s ago');
  });
});
