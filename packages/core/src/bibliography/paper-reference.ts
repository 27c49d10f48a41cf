/** A paper a method or metric comes from: one entry of the bibliography (`papers`). */
export interface PaperReference {
  /** The entry's key in `papers` (first author and year, a word where two would clash). */
  readonly id: string;
  readonly authors: string;
  readonly title: string;
  readonly venue: string;
  readonly year: number;
  /** Where to read it (arXiv or DOI), where known. */
  readonly url?: string;
}
