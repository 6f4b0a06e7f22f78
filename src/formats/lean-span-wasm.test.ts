import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('lean-span-wasm.ts', () => {
  it('is what wasm/lean-span.ts compiles to (run node scripts/build-wasm.mjs after changing it)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
