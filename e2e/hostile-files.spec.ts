// Files a person really meets (a bad exporter, a hand-edited file, an
// anonymizer's output), each dropped after a good trace: the file gives a
// trace with warnings or a clear message, the good trace stays, the page
// stays one screen wide, and a reload works.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  dropFileFromDisk,
  dropFiles,
  expect,
  fileFrom,
  openApp,
  test,
  textFile,
  waitIdle,
  type DropFile,
} from './fixtures';

const GOOD = 'test/fixtures/jaeger/envelope-data-array.json';

async function afterGoodTrace(page: Page, files: DropFile[]): Promise<void> {
  await withGoodTrace(page);
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');
  await dropFiles(page, files);
}

/** The good trace is still loaded, nothing is wider than the window, and a reload brings the page back. */
async function stillWhole(page: Page): Promise<void> {
  await expect(page.getByTestId('trace-span-count')).toBeVisible();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(wide).toBeLessThanOrEqual(0);
  await page.reload();
  await waitIdle(page);
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  await expect(page.getByTestId('trace-span-count')).toBeVisible();
}

/** Writes a generated file to disk and drops it from there. */
async function dropLargeFile(page: Page, name: string, write: (out: NodeJS.WritableStream) => void): Promise<void> {
  const path = join(mkdtempSync(join(tmpdir(), 'skein-hostile-')), name);
  const out = createWriteStream(path);
  write(out);
  await new Promise<void>((done) => out.end(() => done()));
  await dropFileFromDisk(page, path);
}

/** Opens the app with the good trace loaded. */
async function withGoodTrace(page: Page): Promise<void> {
  await openApp(page);
  await dropFiles(page, [fileFrom(GOOD)]);
}

test('a span start beyond the range of dates opens with a warning on the span, and the page survives a reload', async ({
  page,
}) => {
  await afterGoodTrace(page, [fileFrom('test/fixtures/jaeger/start-time-beyond-date-range.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');
  await expect(page.getByTestId('trace-start')).toContainText('2025-01-01');
  await page.getByTestId('span-row').filter({ hasText: 'SELECT orders' }).click();
  await expect(page.getByTestId('span-detail')).toContainText('start time out of range: 1.845e+19 µs');
  await expect(page.getByTestId('trace-list-item')).toHaveCount(2);
  await stillWhole(page);
  await expect(page.getByTestId('trace-list-item')).toHaveCount(2);
});

test('OTLP nanoseconds with 331 digits and a Zipkin timestamp of 1e21 give traces, not a blank page', async ({
  page,
}) => {
  await afterGoodTrace(page, [
    fileFrom('test/fixtures/otlp/nanoseconds-with-331-digits.json'),
    fileFrom('test/fixtures/zipkin/timestamp-1e21.json'),
  ]);
  await expect(page.getByTestId('trace-list-item')).toHaveCount(3);
  await expect(page.getByTestId('trace-duration')).not.toContainText(/Infinity|NaN/);
  await stillWhole(page);
});

test('arrays nested a million deep are refused in well under a second, with the line and column', async ({ page }) => {
  await withGoodTrace(page);
  const started = Date.now();
  await dropFiles(page, [textFile('deep.json', '['.repeat(1_000_000) + ']'.repeat(1_000_000))]);
  const tookMs = Date.now() - started;
  await expect(page.getByTestId('load-error')).toContainText(
    'deep.json:1:10001: arrays and objects are nested more than 10,000 levels deep',
  );
  test.info().annotations.push({ type: 'nested 1,000,000 deep', description: `${tookMs} ms from drop to message` });
  await stillWhole(page);
});

test('an OTLP file with one resource per span (100,000 of them) opens', async ({ page }) => {
  await withGoodTrace(page);
  await dropLargeFile(page, 'one-resource-per-span.json', (out) => {
    out.write('{"resourceSpans":[');
    for (let i = 0; i < 100_000; i++) {
      const id = (i + 1).toString(16).padStart(16, '0');
      const parent = i
        ? `,"parentSpanId":"${Math.floor(i / 2)
            .toString(16)
            .padStart(16, '0')}"`
        : '';
      out.write(
        `${i ? ',' : ''}{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc-${i % 7}"}}]},"scopeSpans":[{"spans":[{"traceId":"7d0e5a0f6b1c4e2d9a8b7c6d5e4f3a2b","spanId":"${id}"${parent},"name":"op","startTimeUnixNano":"${1735689600000000000n + BigInt(i) * 1000n}","endTimeUnixNano":"${1735689600000500000n + BigInt(i) * 1000n}"}]}]}`,
      );
    }
    out.write(']}');
  });
  await waitIdle(page);
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  await expect(page.getByTestId('trace-span-count')).toHaveText('100000');
  await expect(page.getByTestId('trace-list-item')).toHaveCount(2);
});

test('a file of 20,000 traces lists them all without putting them all in the page', async ({ page }) => {
  await withGoodTrace(page);
  const spans = Array.from({ length: 20_000 }, (_, i) => ({
    traceId: (i + 1).toString(16).padStart(32, '0'),
    id: (i + 1).toString(16).padStart(16, '0'),
    name: `op ${i}`,
    timestamp: 1_735_689_600_000_000 + i * 1000,
    duration: 500,
    localEndpoint: { serviceName: `svc-${i % 5}` },
  }));
  await dropFiles(page, [textFile('many-traces.json', JSON.stringify(spans))]);
  await expect(page.getByText('20,001 traces loaded')).toBeVisible();
  const inPage = await page.getByTestId('trace-list-item').count();
  expect(inPage).toBeGreaterThan(3);
  expect(inPage).toBeLessThan(100);
  await page.getByTestId('trace-list-item').nth(1).click();
  await expect(page.getByTestId('trace-span-count')).toHaveText('1');
});

test('long, right-to-left and invisible characters in names cannot widen the page or pose as another name', async ({
  page,
}) => {
  await afterGoodTrace(page, [fileFrom('e2e/files/hostile-names.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');
  await page.getByTestId('view-statistics').click();
  await page.getByTestId('stats-group').selectOption('service');
  await waitIdle(page);
  const services = await page.getByTestId('stats-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
  await page.getByTestId('view-waterfall').click();
  expect(services.join('|')).toContain('pay\\u202Emnet');
  expect(services.join('|')).toContain('pay\\u200Bment');
  const rows = page.getByTestId('span-row');
  await expect(rows.nth(1)).toContainText('charge\\u0009card\\u000Anow');
  const operation = await rows.first().locator('.span-operation').textContent();
  expect(operation?.length).toBeLessThanOrEqual(200);
  expect(operation?.endsWith('…')).toBe(true);
  await stillWhole(page);
});

test('entries that are not spans are counted in the warnings, never dropped silently', async ({ page }) => {
  await afterGoodTrace(page, [fileFrom('test/fixtures/zipkin/entries-that-are-not-spans.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
  const warnings = page.getByTestId('trace-warnings');
  await warnings.locator('summary').click();
  await expect(warnings).toContainText('[1]: expected a span object, found 1; skipped');
  await expect(warnings).toContainText('[3]: expected a span object, found null; skipped');
});

test('after a view crashed, saved files wait to be reopened or forgotten', async ({ page }) => {
  await withGoodTrace(page);
  await page.evaluate(() => localStorage.setItem('skein-view-crashed', String(Date.now())));
  await page.goto('/');
  await waitIdle(page);
  await expect(page.getByTestId('held-back')).toContainText('the saved file was not reopened');
  await expect(page.getByTestId('trace-span-count')).toHaveCount(0);
  await page.getByRole('button', { name: 'Reopen it' }).click();
  await waitIdle(page);
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');
});

test('Cancel stops a file of many traces while its traces are being built, and what was open keeps its details', async ({
  page,
}) => {
  await withGoodTrace(page);
  await dropLargeFile(page, 'many.json', (out) => {
    out.write('[');
    for (let i = 0; i < 150_000; i++) {
      const id = (i + 1).toString(16).padStart(16, '0');
      out.write(
        `${i ? ',' : ''}{"traceId":"${(i + 1).toString(16).padStart(32, '0')}","id":"${id}","name":"op","timestamp":${1735689600000000 + i},"duration":5,"localEndpoint":{"serviceName":"s"}}`,
      );
    }
    out.write(']');
  });
  await expect(page.getByTestId('load-progress')).toContainText('Building', { timeout: 30_000 });
  await page.getByTestId('cancel-load').click();
  await waitIdle(page);
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
  await expect(page.getByTestId('load-error')).toHaveCount(0);
  await expect(page.getByTestId('trace-list-item')).toHaveCount(0);
  await page.getByTestId('span-row').first().click();
  await expect(page.getByTestId('span-detail')).toContainText('Span id');
});
