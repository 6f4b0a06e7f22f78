// Absolute times in the browser's zone (here Asia/Kolkata, UTC+05:30) or in UTC, remembered, with the
// zone written beside each; the custom search range is typed in the zone shown.
import { dropFiles, expect, fileFrom, openApp, test, waitIdle } from './fixtures';

// The sample trace starts at 2026-01-01 10:00:00 UTC.
const SAMPLE_START_US = Date.UTC(2026, 0, 1, 10) * 1000;

test('times follow the chosen zone, say which it is, and the choice is remembered', async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: 'Asia/Kolkata' });
  const page = await context.newPage();
  await openApp(page);
  await dropFiles(page, [
    fileFrom('public/samples/sample-checkout-trace.json'),
    fileFrom('test/fixtures/zipkin/list-of-traces.json'),
  ]);
  await page.getByTestId('trace-list-item').filter({ hasText: 'web-frontend' }).first().click();
  const toggle = page.getByTestId('timezone-toggle');
  await expect(toggle).toHaveAttribute('data-time-zone', 'local');
  await expect(page.getByTestId('trace-start')).toHaveText('2026-01-01 15:30:00.000000 UTC+05:30');
  const listTime = (text: string) => page.locator('.trace-list-time', { hasText: text });
  await expect(listTime('2026-01-01 15:30:00 UTC+05:30')).toHaveCount(1);

  await toggle.click();
  await expect(toggle).toHaveAttribute('data-time-zone', 'utc');
  await expect(page.getByTestId('trace-start')).toHaveText('2026-01-01 10:00:00.000000 UTC');
  await expect(listTime('2026-01-01 10:00:00 UTC')).toHaveCount(1);

  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('timezone-toggle')).toHaveAttribute('data-time-zone', 'utc');
  await context.close();
});

test('a custom search range is typed in the zone shown and means the same instants in the link', async ({
  browser,
}) => {
  const context = await browser.newContext({ timezoneId: 'Asia/Kolkata' });
  const page = await context.newPage();
  await openApp(page);
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  await page.goto(page.url().replace(/\/(\?.*)?$/, '/search?source=uploaded&service=web-frontend&lookback=custom'));
  await waitIdle(page);
  await expect(page.getByText('(UTC+05:30)').first()).toBeVisible();
  // 15:25 to 15:35 in Kolkata holds the trace (10:00 UTC).
  await page.getByTestId('search-start').fill('2026-01-01T15:25:00');
  await page.getByTestId('search-end').fill('2026-01-01T15:35:00');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  const url = new URL(page.url());
  expect(Number(url.searchParams.get('start'))).toBe(SAMPLE_START_US - 5 * 60e6);
  expect(Number(url.searchParams.get('end'))).toBe(SAMPLE_START_US + 5 * 60e6);

  // In UTC the same link shows the same instants, now written as UTC.
  await page.getByTestId('timezone-toggle').click();
  await expect(page.getByTestId('search-start')).toHaveValue('2026-01-01T09:55');
  await expect(page.getByText('(UTC)').first()).toBeVisible();
  // And a range typed in UTC that misses the trace finds nothing.
  await page.getByTestId('search-start').fill('2026-01-01T15:25:00');
  await page.getByTestId('search-end').fill('2026-01-01T15:35:00');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('search-result')).toHaveCount(0);
  await context.close();
});
