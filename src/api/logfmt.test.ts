import { describe, expect, it } from 'vitest';
import { formatLogfmt, parseLogfmt } from './logfmt';

describe('logfmt tags', () => {
  it('reads key=value pairs, quoted keys and values', () => {
    expect(parseLogfmt('http.status_code=500 error=true "key with space"="v w"')).toEqual({
      tags: { 'http.status_code': '500', error: 'true', 'key with space': 'v w' },
    });
    expect(parseLogfmt('  ')).toEqual({ tags: {} });
  });
  it('says where it is broken', () => {
    expect(parseLogfmt('error')).toEqual({ error: 'expected key=value at 1 ("error")' });
    expect(parseLogfmt('a="open')).toEqual({ error: 'an opening quote after "a=" is never closed' });
  });
  it('writes what it reads', () => {
    const tags = { 'http.status_code': '500', 'key with space': 'a "b"' };
    expect(parseLogfmt(formatLogfmt(tags))).toEqual({ tags });
  });
});
