// Uploaded files survive a reload: their bytes are kept in IndexedDB and
// imported again on start. Plain IndexedDB, no wrapper library.

export interface StoredFile {
  id: string;
  name: string;
  /** IndexedDB keeps Blobs outside the JavaScript heap. */
  blob: Blob;
  addedAt: number;
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
