// From "slow" to "why" on the sample trace: find spans with a query, the
// critical path, the statistics, and the way to the error.
import type { Page } from '@playwright/test';
import { expect, openApp, test, waitIdle } from './fixtures';

async function openSample(page: Page, path = '/'): Promise<void> {
  await openApp(page, path);
  await page.getByRole('button', { name: 'Open a sample trace' }).click();
  await waitIdle(page);
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
}

async function query(page: Page, text: string): Promise<void> {
  await page.keyboard.press('/');
  await page.getByTestId('trace-query').fill(text);
  await page.getByTestId('trace-query').press('Enter');
  await waitIdle(page);
}

test('a TraceQL query counts and marks its matches, filters to them with their ancestors, and lives in the URL', async ({
  page,
}) => {
  await openSample(page);
  await query(page, '{ resource.service.name = "payments" && duration > 100ms }');
  await expect(page.getByTestId('trace-query-count')).toHaveText('3 matches');
  await expect(page.locator('[data-testid=span-row][data-match=true]')).toHaveCount(3);
  await page.getByTestId('only-matches').check();
  await waitIdle(page);
  const shown = await page.getByTestId('span-row').count();
  expect(shown).toBeGreaterThan(3);
  expect(shown).toBeLessThan(33);
  // The context the filter hides is counted: on the root, every span not shown.
  await expect(page.getByTestId('span-row').first().getByTestId('hidden-count')).toHaveText(`+${33 - shown}`);
  await page.reload();
  await waitIdle(page);
  await expect(page.getByTestId('trace-query')).toHaveValue(
    '{ resource.service.name = "payments" && duration > 100ms }',
  );
  await expect(page.getByTestId('trace-query-count')).toHaveText('3 matches');
  await expect(page.getByTestId('span-row')).toHaveCount(shown);
});

test('Enter steps through the matches and opens each; attributes and structure can be queried', async ({ page }) => {
  await openSample(page);
  await query(page, '{ kind = server } >> { span.db.system = "postgresql" }');
  const count = Number((await page.getByTestId('trace-query-count').textContent())?.split(' ')[0]);
  expect(count).toBeGreaterThan(0);
  await page.getByTestId('trace-query').press('Enter');
  await waitIdle(page);
  const first = await page.getByTestId('span-detail-name').textContent();
  await expect(page.locator('[data-testid=span-row].selected')).toHaveAttribute('data-match', 'true');
  if (count > 1) {
    await page.getByTestId('trace-query').press('Enter');
    await waitIdle(page);
    await expect(page.getByTestId('span-detail-name')).not.toHaveText(first ?? '');
  }
});

test('a query with a syntax error says where', async ({ page }) => {
  await openSample(page);
  await query(page, '{ duration > soon }');
  await expect(page.getByTestId('trace-query-error')).toHaveText(
    'column 14: duration compares with a number or a duration (100ms, 1.5s)',
  );
  await expect(page.getByTestId('trace-query-count')).toHaveText('error');
});

test('the critical path lists every span on it, and their times add up to the root span', async ({ page }) => {
  await openSample(page);
  await page.getByTestId('critical-path-toggle').check();
  await waitIdle(page);
  const rows = page.getByTestId('critical-path-row');
  expect(await rows.count()).toBeGreaterThan(1);
  const pathUs = await rows.evaluateAll((list) => list.map((r) => Number(r.getAttribute('data-path-us'))));
  const rootId = await page.getByTestId('span-row').first().getAttribute('data-span-id');
  expect(await rows.first().getAttribute('data-span-id')).toBe(rootId);
  await page.getByTestId('span-row').first().click();
  const rootDuration = await page.getByTestId('span-detail').locator('dt:text-is("Duration") + dd').textContent();
  expect(rootDuration).toBe('912ms');
  expect(Math.round(pathUs.reduce((a, b) => a + b, 0))).toBe(912_000);
  await query(page, '{ critical && self > 20ms }');
  await expect(page.getByTestId('trace-query-count')).not.toHaveText('0 matches');
});

test('statistics by service and operation, then by service; a row shows its spans in the waterfall', async ({
  page,
}) => {
  await openSample(page);
  await page.getByTestId('view-statistics').click();
  await waitIdle(page);
  const rows = page.getByTestId('stats-row');
  const payments = rows
    .filter({ has: page.locator('[data-operation="POST /v1/charges"]') })
    .or(page.locator('[data-testid=stats-row][data-operation="POST /v1/charges"]'));
  await expect(payments).toHaveAttribute('data-count', '2');
  await expect(payments).toHaveAttribute('data-errors', '1');
  const counts = await rows.evaluateAll((list) => list.map((r) => Number(r.getAttribute('data-count'))));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(33);
  await page.getByTestId('stats-group').selectOption('service');
  await waitIdle(page);
  await expect(rows).toHaveCount(8);
  expect(await rows.first().getAttribute('data-operation')).toBeNull();
  await rows.filter({ hasText: 'inventory' }).first().click();
  await waitIdle(page);
  await expect(page.getByTestId('trace-query')).toHaveValue('{ service = "inventory" }');
  await expect(page.locator('[data-testid=span-row][data-match=true]')).toHaveCount(5);
});

test('next-error and e go to the error, and the error count filters to errors', async ({ page }) => {
  await openSample(page);
  await page.getByTestId('next-error').click();
  await waitIdle(page);
  await expect(page.locator('[data-testid=span-row].selected [data-testid=span-error]')).toHaveCount(1);
  await expect(page.locator('[data-testid=span-row].selected [data-testid=error-origin]')).toHaveCount(1);
  await page.getByTestId('trace-error-count').click();
  await waitIdle(page);
  await expect(page.getByTestId('trace-query')).toHaveValue('{ status = error }');
  await expect(page.getByTestId('trace-query-count')).toHaveText('1 match');
});
