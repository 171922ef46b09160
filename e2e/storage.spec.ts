// Storage as a person meets it, in the production build: a full disk, an upgrade blocked by an old tab,
// a newer ThinkBank in another tab, and several tabs where exactly one writes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DB_NAME, SCHEMA, SCHEMA_VERSION } from '../src/db/schema';

/** The Library page's collection controls. */
function library(page: Page) {
  const list = page.getByRole('list', { name: 'Collections' });
  return {
    list,
    nameInput: page.getByLabel('New collection name'),
    createButton: page.getByRole('button', { name: 'Create collection' }),
    readOnlyBanner: page.getByRole('status').filter({ hasText: 'This tab is read-only' }),
    useThisTab: page.getByRole('button', { name: 'Use this tab instead' }),
    async open() {
      await page.goto('./#/library');
      await expect(list.getByText('My library')).toBeVisible();
    },
    async create(name: string) {
      await this.nameInput.fill(name);
      await this.createButton.click();
    },
  };
}

/** The storage banners and disabled controls stay accessible in both colour schemes. */
async function expectAccessible(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${colorScheme}: ${v.id} ${v.help} (${v.nodes.length})`)).toEqual([]);
  }
}

/**
 * Opens the database in `page` (a static file of the site, not the app) as schema version 1 of
 * ThinkBank created it, and keeps the connection open even when a newer version asks it to close: an
 * old tab that never lets go. Store strings are those declared in src/db/schema.ts; Dexie stores
 * version n as IndexedDB version n × 10.
 */
async function holdOldVersion(page: Page): Promise<void> {
  const v1 = SCHEMA[0];
  if (!v1) throw new Error('schema has no version 1');
  await page.evaluate(
    async ({ name, version, stores }) => {
      const keyPath = (spec: string) => {
        const bare = spec.replace(/^(\+\+|&|\*)/, '');
        return bare.startsWith('[') ? bare.slice(1, -1).split('+') : bare;
      };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name, version);
        request.onupgradeneeded = () => {
          for (const [storeName, spec] of Object.entries(stores)) {
            const [primary = '', ...indexes] = spec.split(',').map((s) => s.trim());
            const store = request.result.createObjectStore(storeName, {
              keyPath: keyPath(primary),
              autoIncrement: primary.startsWith('++'),
            });
            for (const index of indexes) {
              store.createIndex(index.replace(/^(&|\*)/, ''), keyPath(index), {
                unique: index.startsWith('&'),
                multiEntry: index.startsWith('*'),
              });
            }
          }
        };
        request.onsuccess = () => {
          resolve(request.result);
        };
        request.onerror = () => {
          reject(request.error ?? new Error('open failed'));
        };
      });
      // Rows as a version-1 ThinkBank wrote them: a document without a collection, and a setting.
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['documents', 'settings'], 'readwrite');
        tx.objectStore('documents').put({
          id: 'doc-from-v1',
          title: 'Field notes',
          type: 'markdown',
          sourceName: 'field-notes.md',
          size: 1234,
          status: 'ready',
          contentHash: 'abc123',
          createdAt: 1,
          updatedAt: 2,
          legacyField: 'kept',
        });
        tx.objectStore('settings').put({ key: 'fixture.setting', value: 42 });
        tx.oncomplete = () => {
          resolve();
        };
        tx.onerror = () => {
          reject(tx.error ?? new Error('fixture write failed'));
        };
      });
      (globalThis as { oldThinkBank?: IDBDatabase }).oldThinkBank = db;
    },
    { name: DB_NAME, version: v1.version * 10, stores: v1.stores },
  );
}

test.describe('Storage', () => {
  test('a write that does not fit says storage is full, and the app keeps working', async ({ page }) => {
    // Chromium lets IndexedDB spend, for up to 30 s, the space it found free at its last quota check,
    // and only asks again for a write larger than that. So the site starts with a small quota, and after
    // the quota drops to 1 byte a larger write (not the app's) makes the browser check again.
    await page.goto('./icons/icon.svg');
    const origin = new URL(page.url()).origin;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 8 * 1024 * 1024 });
    const lib = library(page);
    await lib.open();
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    const probe = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.open('quota-probe', 1);
          request.onupgradeneeded = () => request.result.createObjectStore('bytes');
          request.onsuccess = () => {
            const tx = request.result.transaction('bytes', 'readwrite');
            tx.objectStore('bytes').put(new Uint8Array(16 * 1024 * 1024), 'big');
            tx.oncomplete = () => {
              resolve('saved');
            };
            tx.onabort = () => {
              resolve(tx.error?.name ?? 'aborted');
            };
          };
        }),
    );
    expect(probe).toBe('QuotaExceededError');

    await lib.create('Travel');
    const full = page.getByRole('alert').filter({ hasText: 'Storage is full' });
    await expect(full).toBeVisible();
    await expect(full).toContainText('Free space by removing documents or models');
    await expect(lib.list.getByText('Travel')).toHaveCount(0);
    await expect(page.getByRole('alert').getByText('Not saved: there is no space left.')).toBeVisible();
    await expectAccessible(page);

    // Still usable: other pages open, and once there is room again the same write succeeds.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Diagnostics' }).click();
    await expect(page.getByTestId('storage-status')).toHaveText('open');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await lib.create('Travel');
    await expect(lib.list.getByText('Travel')).toBeVisible();
    await expect(full).toHaveCount(0);
  });

  test('an upgrade blocked by an old tab waits, says why, then upgrades the old rows once that tab lets go', async ({
    context,
  }) => {
    const oldTab = await context.newPage();
    await oldTab.goto('./icons/icon.svg');
    await holdOldVersion(oldTab);

    const page = await context.newPage();
    await page.goto('./#/library');
    const blocked = page.getByRole('status').filter({ hasText: 'Close other ThinkBank tabs' });
    await expect(blocked).toContainText('ThinkBank was updated.');
    await expectAccessible(page);
    await expect(library(page).createButton).toBeDisabled();

    await oldTab.evaluate(() => {
      (globalThis as { oldThinkBank?: IDBDatabase }).oldThinkBank?.close();
    });
    await expect(blocked).toHaveCount(0);
    const lib = library(page);
    await expect(lib.list.getByText('My library')).toBeVisible();
    await lib.create('After the upgrade');
    await expect(lib.list.getByText('After the upgrade')).toBeVisible();

    // The version-1 rows came through the upgrade: the document joined the default collection and kept
    // every field, the setting is untouched.
    const migrated = await page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => {
          resolve(request.result);
        };
        request.onerror = () => {
          reject(request.error ?? new Error('open failed'));
        };
      });
      const read = (store: string, key: string) =>
        new Promise<unknown>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).get(key);
          request.onsuccess = () => {
            resolve(request.result);
          };
          request.onerror = () => {
            reject(request.error ?? new Error('read failed'));
          };
        });
      const result = {
        doc: await read('documents', 'doc-from-v1'),
        setting: await read('settings', 'fixture.setting'),
      };
      db.close();
      return result;
    }, DB_NAME);
    expect(migrated.doc).toMatchObject({
      id: 'doc-from-v1',
      title: 'Field notes',
      collectionId: 'default',
      size: 1234,
      legacyField: 'kept',
    });
    expect(migrated.setting).toEqual({ key: 'fixture.setting', value: 42 });
  });

  test('a newer version opened in another tab closes this tab’s storage and offers a reload', async ({
    page,
    context,
  }) => {
    await library(page).open();
    const newerTab = await context.newPage();
    await newerTab.goto('./icons/icon.svg');
    const opened = await newerTab.evaluate(
      (name) =>
        new Promise<number>((resolve, reject) => {
          const request = indexedDB.open(name, 1000);
          request.onsuccess = () => {
            resolve(request.result.version);
            request.result.close();
          };
          request.onerror = () => {
            reject(request.error ?? new Error('open failed'));
          };
        }),
      DB_NAME,
    );
    // The newer version was not blocked: this tab closed its connection when asked.
    expect(opened).toBe(1000);
    const replaced = page.getByRole('alert').filter({ hasText: 'ThinkBank was updated in another tab' });
    await expect(replaced).toContainText('reload this tab');
    await expect(replaced.getByRole('button', { name: 'Reload' })).toBeVisible();
    await expectAccessible(page);
    await expect(library(page).createButton).toBeDisabled();
  });

  test('one tab writes, another reads and follows its changes, and can take over', async ({
    page,
    context,
  }) => {
    const first = library(page);
    await first.open();
    await expect(first.createButton).toBeEnabled();

    const secondPage = await context.newPage();
    const second = library(secondPage);
    await second.open();
    await expect(second.readOnlyBanner).toContainText('follows them');
    await expect(second.createButton).toBeDisabled();
    await expect(second.nameInput).toBeDisabled();
    await expect(first.readOnlyBanner).toHaveCount(0);
    await expectAccessible(secondPage);

    await first.create('Shared from the first tab');
    await expect(second.list.getByText('Shared from the first tab')).toBeVisible();

    await second.useThisTab.click();
    await expect(second.readOnlyBanner).toHaveCount(0);
    await expect(second.createButton).toBeEnabled();
    await expect(first.readOnlyBanner).toBeVisible();
    await expect(first.createButton).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Rename My library' })).toBeDisabled();

    await second.create('Written by the second tab');
    await expect(first.list.getByText('Written by the second tab')).toBeVisible();
  });

  test('collections can be renamed and deleted, but the default one cannot be deleted', async ({ page }) => {
    const lib = library(page);
    await lib.open();
    await expect(page.getByRole('button', { name: 'Delete My library' })).toHaveCount(0);
    await lib.create('Drafts');
    await page.getByRole('button', { name: 'Rename Drafts' }).click();
    await page.getByLabel('New name for “Drafts”').fill('Final');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(lib.list.getByText('Final')).toBeVisible();

    await lib.create('final');
    await expect(page.getByRole('alert')).toContainText('There is already a collection called “Final”.');

    await page.getByRole('button', { name: 'Delete Final' }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await expect(lib.list.getByText('Final')).toHaveCount(0);
    await expect(
      page.getByRole('status').filter({ hasText: 'Deleted the collection “Final”.' }),
    ).toBeVisible();
  });

  test('Diagnostics shows the database, this tab’s role and rows per table', async ({ page }) => {
    await page.goto('./#/diagnostics');
    await expect(page.getByTestId('storage-db')).toHaveText(`thinkbank, schema version ${SCHEMA_VERSION}`);
    await expect(page.getByTestId('storage-role')).toContainText('the writer tab');
    const rows = page.getByRole('table', { name: 'Rows per table' });
    await expect(rows.getByRole('row', { name: 'collections 1' })).toBeVisible();
    await expect(rows.getByRole('row')).toHaveCount(13);
    await expect(page.getByTestId('storage-estimate')).toContainText(' of ');
  });
});
