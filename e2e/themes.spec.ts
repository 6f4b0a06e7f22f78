import { dropFiles, expect, fileFrom, openApp, test } from './fixtures';

const theme = (page: import('@playwright/test').Page) => page.evaluate(() => document.documentElement.dataset.theme);
const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test('the theme follows the system until the person chooses, and the choice is remembered', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await openApp(page);
  expect(await theme(page)).toBe('dark');
  const dark = await background(page);
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme-choice', 'system');

  await page.getByTestId('theme-toggle').click();
  expect(await theme(page)).toBe('light');
  expect(await background(page)).not.toBe(dark);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.idle === 'true');
  expect(await theme(page)).toBe('light');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme-choice', 'light');

  // Back to the system's own theme: following the system again.
  await page.getByTestId('theme-toggle').click();
  expect(await theme(page)).toBe('dark');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme-choice', 'system');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => theme(page)).toBe('light');
  await context.close();
});

test('the waterfall canvas is drawn in the theme: its grid lines change with it', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  // A pixel of the bars canvas on a grid line of the time axis, away from any bar.
  const gridPixel = () =>
    page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.bars-canvas');
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return null;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      // The colour drawn most often on the last row of pixels (grid lines run top to bottom).
      const counts = new Map<string, number>();
      const y = canvas.height - 1;
      for (let x = 0; x < canvas.width; x++) {
        const at = (y * canvas.width + x) * 4;
        if (data[at + 3] === 0) continue;
        const key = `${data[at]},${data[at + 1]},${data[at + 2]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    });
  const before = await gridPixel();
  expect(before).not.toBeNull();
  await page.getByTestId('theme-toggle').click();
  await expect.poll(gridPixel).not.toBe(before);
});
