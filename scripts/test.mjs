#!/usr/bin/env node
// Runs every check the way CI does: type check, lint, unit tests (Vitest), a
// production build, then end-to-end tests (Playwright in Debian's Chromium).
// The last line counts unit and end-to-end tests together: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = process.env.SKEIN_CHROMIUM ?? '/usr/bin/chromium';
const reportDir = mkdtempSync(join(tmpdir(), 'skein-test-'));
let passed = 0;
let failed = 0;
const problems = [];

function run(title, command, args, env = {}) {
  console.log(`\n── ${title} ──`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Chromium is missing at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium`);
    return false;
  }
  console.log("Chromium is missing; installing Debian's chromium with apt-get…");
  run('apt-get update', 'apt-get', ['update', '-qq']);
  return run('apt-get install chromium', 'apt-get', ['install', '-y', '-qq', 'chromium']) && existsSync(CHROMIUM);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

if (!run('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])) problems.push('type check');
if (!run('lint', 'npx', ['eslint', '--max-warnings', '0', '.'])) problems.push('lint');
if (!run('format', 'npx', ['prettier', '--check', '.'])) problems.push('format (npm run format)');

const vitestJson = join(reportDir, 'vitest.json');
const unitOk = run('unit tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const unit = readJson(vitestJson);
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
} else if (!unitOk) problems.push('unit tests did not report');

if (!run('build', 'npx', ['vite', 'build', '--logLevel', 'warn'])) problems.push('build');
else if (!ensureChromium()) problems.push('chromium missing');
else {
  const e2eJson = join(reportDir, 'e2e.json');
  const e2eOk = run('end-to-end tests', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
  });
  const e2e = readJson(e2eJson);
  if (e2e?.stats) {
    passed += e2e.stats.expected + e2e.stats.flaky;
    failed += e2e.stats.unexpected;
  } else if (!e2eOk) problems.push('end-to-end tests did not report');
}

// A failed static check or build counts as a failure too, so the line never hides it.
failed += problems.length;
if (problems.length) console.log(`\nFailed steps: ${problems.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
