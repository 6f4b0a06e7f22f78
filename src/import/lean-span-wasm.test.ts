import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('lean-span-wasm.ts', () => {
  it('is what wasm/ compiles to: lean-span.ts and span-ends.ts (run node scripts/build-wasm.mjs after changing them)', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
