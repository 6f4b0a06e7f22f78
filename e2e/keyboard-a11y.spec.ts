// The waterfall is an ARIA treegrid the keyboard drives without a click; `?` lists every key; axe finds
// no serious or critical problem on the main views, in either theme.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { dropFiles, expect, fileFrom, openApp, test, waitIdle } from './fixtures';

/** Presses Tab until `target` has the focus (at most 40 times). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 40 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

const selectedRow = (page: Page) => page.locator('[data-testid="span-row"][aria-selected="true"]');

test('the rows answer the keyboard before any click: arrows, Home/End, PageDown, Enter, Esc, left/right', async ({
  page,
}) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  const grid = page.getByRole('treegrid');
  await expect(grid).toHaveAttribute('aria-rowcount', /\d+/);
  const rowCount = Number(await grid.getAttribute('aria-rowcount'));
  expect(rowCount).toBeGreaterThan(5);
  await expect(page.getByTestId('span-row').first()).toHaveAttribute('aria-level', '1');
  await expect(page.getByTestId('span-row').nth(1)).toHaveAttribute('aria-level', '2');
  await expect(page.getByTestId('span-row').first()).toHaveAttribute('aria-expanded', 'true');
  // A bar reads as its duration and its start within the trace.
  await expect(page.getByTestId('span-row').first().locator('.span-timeline')).toHaveAttribute(
    'aria-label',
    '912ms, from +0µs',
  );
  await expect(page.getByTestId('span-row').nth(1).locator('.span-timeline')).toHaveAttribute(
    'aria-label',
    /^\d[\d.]*(µs|ms|s), from \+\d[\d.]*(µs|ms|s)$/,
  );

  // Nothing clicked, nothing focused: ↓ selects the first row in view and gives the rows the focus.
  await page.keyboard.press('ArrowDown');
  await expect(selectedRow(page)).toHaveAttribute('aria-rowindex', '1');
  await expect(grid).toBeFocused();
  await expect(grid).toHaveAttribute('aria-activedescendant', (await selectedRow(page).getAttribute('id')) ?? '');
  await page.keyboard.press('ArrowDown');
  await expect(selectedRow(page)).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('End');
  await expect(selectedRow(page)).toHaveAttribute('aria-rowindex', String(rowCount));
  await page.keyboard.press('Home');
  await expect(selectedRow(page)).toHaveAttribute('aria-rowindex', '1');
  await page.keyboard.press('PageDown');
  const afterPage = Number(await selectedRow(page).getAttribute('aria-rowindex'));
  expect(afterPage).toBeGreaterThan(2);

  // ← on the root collapses it (one row left), → expands it, → again goes to its first child.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('span-row').first()).toHaveAttribute('aria-expanded', 'false');
  await expect(grid).toHaveAttribute('aria-rowcount', '1');
  await page.keyboard.press('ArrowRight');
  await expect(grid).toHaveAttribute('aria-rowcount', String(rowCount));
  await page.keyboard.press('ArrowRight');
  await expect(selectedRow(page)).toHaveAttribute('aria-level', '2');

  // Enter moves into the details; Esc there closes them and the rows have the keys again.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('span-detail')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('span-detail')).toHaveCount(0);
  await expect(grid).toBeFocused();
  // Esc cleared the selection; the arrows still work.
  await page.keyboard.press('ArrowDown');
  await expect(selectedRow(page)).toHaveCount(1);
});

test('? lists every shortcut, and Esc gives the focus back', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  for (const key of ['/', 'n / N', 'e / E', 'Home / End', 'PgDn / PgUp', 'Enter', 'f']) {
    await expect(help.locator('kbd', { hasText: key }).first()).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  // Typed into a field, ? is just a character.
  await page.getByTestId('trace-query').fill('');
  await page.getByTestId('trace-query').press('?');
  await expect(help).toHaveCount(0);
  await expect(page.getByTestId('trace-query')).toHaveValue('?');
});

/** Serious and critical axe findings, as "rule: first targets" lines (empty when there are none). */
async function seriousProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no serious problem on the start page, a trace, its statistics and search (${colorScheme})`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await openApp(page);
    expect(await seriousProblems(page)).toEqual([]);
    await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
    await page.getByTestId('span-row').nth(2).click();
    await expect(page.getByTestId('span-detail')).toBeVisible();
    await waitIdle(page);
    expect(await seriousProblems(page)).toEqual([]);
    await page.getByTestId('view-statistics').click();
    await waitIdle(page);
    expect(await seriousProblems(page)).toEqual([]);
    await page.getByTestId('nav-search').click();
    await waitIdle(page);
    expect(await seriousProblems(page)).toEqual([]);
    // With results: the list and the plot.
    await page.getByTestId('search-source').selectOption('uploaded');
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('search-result')).toHaveCount(1);
    await expect(page.getByTestId('scatter-dot')).toHaveCount(1);
    expect(await seriousProblems(page)).toEqual([]);
    await context.close();
  });
}

test('the search page works from the keyboard alone: type, Enter, Tab to a result, Enter opens it', async ({
  page,
}) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-source').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect(page.getByTestId('search-source')).toHaveValue('uploaded');
  await page.getByTestId('search-service').focus();
  await page.keyboard.type('frontend');
  await page.keyboard.press('Enter');
  // No such service: its close match is a button the Tab key reaches.
  await expect(page.getByTestId('search-unknown-service')).toBeVisible();
  await tabTo(page, page.getByTestId('service-suggestion').first());
  await expect(page.getByTestId('service-suggestion').first()).toHaveText('web-frontend');
  await page.keyboard.press('Enter');
  const result = page.getByTestId('search-result');
  await expect(result).toHaveCount(1);
  await tabTo(page, result);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('trace-span-count')).not.toHaveText('');
  await expect(page.getByRole('treegrid')).toBeVisible();
});
