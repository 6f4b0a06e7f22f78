// Uploaded files survive a reload: their bytes are kept in IndexedDB and
// imported again on start. Plain IndexedDB, no wrapper library.

export interface StoredFile {
  id: string;
  name: string;
  /** IndexedDB keeps Blobs outside the JavaScript heap. */
  blob: Blob;
  addedAt: number;
  /** The files opened together share a batch (files saved before batches existed have none). */
  batch?: string;
}

const DB_NAME = 'skein-files';
const STORE = 'files';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
  });
}

async function run<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = body(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted (storage full?)'));
    });
  } finally {
    db.close();
  }
}

export function saveFile(file: StoredFile): Promise<IDBValidKey> {
  return run('readwrite', (store) => store.put(file));
}

export async function loadFiles(): Promise<StoredFile[]> {
  const files = await run<StoredFile[]>('readonly', (store) => store.getAll() as IDBRequest<StoredFile[]>);
  return files.sort((a, b) => a.addedAt - b.addedAt);
}

export function clearFiles(): Promise<undefined> {
  return run('readwrite', (store) => store.clear());
}

/**
 * A view that crashed must not crash the next load too: the error boundary
 * sets this mark, and a page that finds it does not reopen saved files by
 * itself (it offers to, or to forget them). localStorage, not IndexedDB: it
 * has to be written synchronously while the page is failing.
 */
const CRASH_KEY = 'skein-view-crashed';

export function markViewCrashed(): void {
  try {
    localStorage.setItem(CRASH_KEY, String(Date.now()));
  } catch {
    // Storage is off: the next load reopens the files as usual.
  }
}

export function viewCrashedBefore(): boolean {
  try {
    return localStorage.getItem(CRASH_KEY) !== null;
  } catch {
    return false;
  }
}

export function clearViewCrashed(): void {
  try {
    localStorage.removeItem(CRASH_KEY);
  } catch {
    // Nothing to clear.
  }
}
