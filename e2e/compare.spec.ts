// Compare: the slow run of a request against a normal one, call by call; the largest change comes first and a
// click shows those spans in the waterfall.
import AxeBuilder from '@axe-core/playwright';
import { dropFiles, expect, openApp, test, textFile } from './fixtures';
import { normalCheckout, slowCheckout } from '../test/helpers/zipkin-spans';

const normal = normalCheckout('a1');
const slow = slowCheckout('b2');

test('the slow trace against the normal one: where the extra time went, new and gone calls, in the URL', async ({
  page,
}) => {
  await openApp(page);
  // Only one trace open: nothing to compare with, and it says what to do.
  await dropFiles(page, [textFile('slow.json', JSON.stringify(slow))]);
  await page.getByTestId('view-compare').click();
  await expect(page.getByTestId('compare-none')).toContainText('Open another trace of the same request');

  await dropFiles(page, [textFile('normal.json', JSON.stringify(normal))]);
  await page.locator('[data-testid="trace-list-item"]', { hasText: '250ms' }).click();
  await page.getByTestId('view-compare').click();
  await page.getByTestId('compare-with').selectOption({ index: 1 });
  await expect(page.getByTestId('compare-summary')).toContainText(
    'This trace 250ms, 6 spans; the other 100ms, 4 spans (+150ms). 2 new calls, 1 gone.',
  );
  const rows = page.getByTestId('compare-row');
  await expect(rows.first()).toHaveAttribute('data-service', 'payments');
  await expect(rows.first()).toHaveAttribute('data-delta-us', '120000');
  await expect(rows.first()).toContainText('1 → 2');
  const fresh = page.locator('[data-testid="compare-row"][data-only="new"]');
  await expect(fresh).toHaveCount(2);
  await expect(fresh.first()).toHaveAttribute('data-service', 'fraud');
  await expect(page.locator('[data-testid="compare-row"][data-only="gone"]')).toHaveAttribute('data-service', 'cart');
  await expect(page).toHaveURL(/view=compare/);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
  ).toEqual([]);
  await expect(page).toHaveURL(/compare=0+a1/);

  // A reload keeps the comparison; a row click shows its spans of this trace.
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.idle === 'true');
  await expect(page.getByTestId('compare-row').first()).toHaveAttribute('data-service', 'payments');
  await page.getByTestId('compare-row').first().click();
  await expect(page.getByTestId('trace-query')).toHaveValue(/> \{ service = "payments" && name = "payments work" \}$/);
  // The two payment calls under api, not the one the fraud check made.
  await expect(page.getByTestId('trace-query-count')).toHaveText('2 matches');
});

test('the comparison passes axe in the dark theme too', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await openApp(page);
  await dropFiles(page, [textFile('normal.json', JSON.stringify(normal)), textFile('slow.json', JSON.stringify(slow))]);
  await page.getByTestId('view-compare').click();
  await page.getByTestId('compare-with').selectOption({ index: 1 });
  await expect(page.getByTestId('compare-row')).toHaveCount(6);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await context.close();
});
