import { describe, expect, it } from 'vitest';
import { normalizeSpanId, normalizeTraceId } from './ids';

describe('id normalisation', () => {
  it('lower-cases hex and pads trace ids to 32, span ids to 16', () => {
    expect(normalizeTraceId('5B8EFFF798038103D269B633813FC60C')).toBe('5b8efff798038103d269b633813fc60c');
    expect(normalizeTraceId('463ac35c9f6413ad')).toBe('0000000000000000463ac35c9f6413ad');
    expect(normalizeSpanId('0x00f067aa0ba902b7')).toBe('00f067aa0ba902b7');
  });
  it('decodes base64 ids (Tempo)', () => {
    expect(normalizeTraceId('S/kvNXezTaajzpKdDg5HNg==')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(normalizeSpanId('APBnqgupArc=')).toBe('00f067aa0ba902b7');
  });
  it('left-pads trimmed ids and treats empty or all-zero ids as absent', () => {
    expect(normalizeTraceId('abc')).toBe('00000000000000000000000000000abc');
    expect(normalizeSpanId('')).toBe('');
    expect(normalizeSpanId('0000000000000000')).toBe('');
  });
});
