export { withFileLock } from './file-lock.js';
export { hashFile } from './hash-file.js';
export { installedVersions } from './installed-versions.js';
export { type JsonlStore, openJsonlStore } from './jsonl-store.js';
