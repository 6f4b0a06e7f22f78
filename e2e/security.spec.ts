// The app runs under its content security policy without a single violation:
// the worker, WebAssembly, styles, the sample, the search page.
import { dropFiles, expect, fileFrom, openApp, test, waitIdle } from './fixtures';

test('the app runs under its content security policy with no violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await waitIdle(page);
  await dropFiles(page, [fileFrom('public/samples/sample-checkout-trace.json')]);
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
  await page.getByTestId('span-row').nth(3).click();
  await expect(page.getByTestId('span-detail')).toBeVisible();
  await page.getByTestId('nav-search').click();
  await waitIdle(page);
  await openApp(page, '/?trace=7f3a9c2e5b8d41f0a6c3e9b2d4f81a57');
  await expect(page.getByTestId('trace-span-count')).toHaveText('33');
  expect(violations).toEqual([]);
});
