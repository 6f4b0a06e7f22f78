import { dropFiles, expect, fileFrom, openApp, test, textFile, waitIdle } from './fixtures';

test('a broken file shows where it is broken and the earlier trace stays', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('test/fixtures/jaeger/envelope-data-array.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');

  await dropFiles(page, [fileFrom('test/fixtures/errors/trailing-comma.json')]);
  const banner = page.getByTestId('load-error');
  await expect(banner).toContainText('trailing-comma.json:3:38');
  await expect(banner).toContainText('not valid JSON');
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');
  await expect(page.getByTestId('span-row')).toHaveCount(3);
});

test('JSON of no known format names the formats tried and what it found', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [textFile('metrics.json', '{"resourceMetrics": [], "note": 1}')]);
  const banner = page.getByTestId('load-error');
  await expect(banner).toContainText('metrics.json: no known trace format');
  await expect(banner).toContainText('Zipkin');
  await expect(banner).toContainText('{resourceMetrics, note}');
});

test('partial problems are listed with counts but the trace opens', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('test/fixtures/otlp/json-lines-with-broken-line.jsonl')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('2');
  const warnings = page.getByTestId('trace-warnings');
  await warnings.locator('summary').click();
  await expect(warnings).toContainText('json-lines-with-broken-line.jsonl:2:215');
});

test('a dropped trace is still there after a reload', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('test/fixtures/zipkin/span-list.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('trace-span-count')).toHaveText('3');
  await expect(page).toHaveURL(/trace=00000000000000005af7183fb1d4cf5f/);
});
