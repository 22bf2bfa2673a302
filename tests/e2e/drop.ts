import type { Page } from '@playwright/test';

/**
 * Drops a file on the Data page's drop zone as a person's drag does: text, or bytes (a renamed
 * PNG) given as numbers.
 */
export async function drop(page: Page, name: string, content: string | number[]) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, content }) => {
      const dt = new DataTransfer();
      const body = typeof content === 'string' ? content : new Uint8Array(content);
      dt.items.add(new File([body], name, { type: 'text/csv' }));
      return dt;
    },
    { name, content },
  );
  await page
    .getByRole('region', { name: 'Drop a CSV file' })
    .dispatchEvent('drop', { dataTransfer });
}
