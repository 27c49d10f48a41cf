// How the docs pages cite a paper: from its entry in @xai/core's bibliography (`papers`),
// the one place authors, titles, venues and links are written.

/** "Authors, _Title_, Venue Year", the title linked where the entry has a link. */
export function cite(paper) {
  const title = paper.url ? `[_${paper.title}_](${paper.url})` : `_${paper.title}_`;
  return `${paper.authors}, ${title}, ${paper.venue} ${paper.year}`;
}
