import { describe, expect, it, vi } from 'vitest';
import { checkRunsMatchElements } from '../../test/helpers/scan-runs';
import { spanEnds } from './span-ends';

// Where WebAssembly with SIMD cannot run, the scanner runs the same loop in JavaScript.
vi.mock('./span-ends', () => ({ spanEnds: () => null }));

describe('JsonScanner without WebAssembly', () => {
  it('captures the object elements of an `each` list in runs, as element by element (property, JavaScript loop)', () => {
    expect(spanEnds()).toBeNull();
    checkRunsMatchElements();
  });
});
