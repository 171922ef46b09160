// Shared by the ingestion specs: where the real test data lives, the Library page ready to take files,
// and a direct read of an IndexedDB store (to check what the app stored, not to drive it).
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

/** ../shared/data, beside the checkout. */
export const DATA = join(import.meta.dirname, '../../shared/data');

/** Opens the Library and waits until this tab is the writer (the picker is enabled only then). */
export async function openLibrary(page: Page): Promise<void> {
  await page.goto('./#/library');
  await expect(page.getByRole('heading', { level: 2, name: 'Add documents' })).toBeVisible();
  await expect(page.getByLabel('Choose files')).toBeEnabled();
}

/** Reads a whole object store straight from IndexedDB. */
export function readAll<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('thinkbank');
        open.onerror = () => {
          reject(new Error(String(open.error)));
        };
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            resolve(request.result as T[]);
            open.result.close();
          };
        };
      }),
    store,
  );
}
