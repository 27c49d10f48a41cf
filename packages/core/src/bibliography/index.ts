export type { PaperReference } from './paper-reference.js';
export { type PaperId, papers } from './papers.js';
