/**
 * A small link checker for the built site: every internal `href` (and `src`) in every
 * `.html` file must resolve to a file that was built.
 *
 * Resolution follows how the site is served with `cleanUrls`: `x` is `x.html` (or the
 * file `x` itself, for assets), `x/` is `x/index.html`. Hash and query are stripped;
 * links with a scheme (`https:`, `mailto:`, ...) and protocol-relative links are
 * external and not checked. A bare `x` that names a folder is broken on purpose:
 * VitePress writes `x/` for `x/index.md`, and most static hosts 404 on `x`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface BrokenLink {
  /** The page holding the link, relative to the site root (posix separators). */
  page: string;
  /** The attribute value as written (entities decoded). */
  href: string;
  /** Where it pointed, relative to the site root, or why it could not be resolved. */
  resolved: string;
}

export interface LinkReport {
  pages: number;
  links: number;
  broken: BrokenLink[];
}

/** Every file under `dir` whose name passes `keep`, relative to `dir`, posix separators, sorted. */
export function listFiles(
  dir: string,
  keep: (rel: string) => boolean,
  skipDir: (rel: string) => boolean = () => false,
): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skipDir(child)) walk(child);
      } else if (entry.isFile() && keep(child)) {
        out.push(child);
      }
    }
  };
  walk('');
  return out.sort();
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X'
          ? Number.parseInt(e.slice(2), 16)
          : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return entities[e.toLowerCase()] ?? m;
  });
}

/**
 * The `href` and `src` values of the tags in an HTML document. Only real tags are
 * looked at: markup shown as text in code blocks is escaped (`&lt;a href=...`) and so
 * is not a tag.
 */
export function extractLinks(html: string): string[] {
  const out: string[] = [];
  const tag = /<[a-zA-Z][a-zA-Z0-9-]*\s[^>]*>/g;
  const attr = /\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
  for (const t of html.match(tag) ?? []) {
    for (const m of t.matchAll(attr)) out.push(decodeEntities(m[1] ?? m[2] ?? m[3] ?? ''));
  }
  return out;
}

/** True for links that leave the site: any URL scheme, or protocol-relative `//host`. */
export function isExternal(href: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(href) || href.startsWith('//');
}

/**
 * Where an internal link points, relative to the site root; `null` for a link to the
 * page itself (`#x`, `?q`, empty). Throws for a link that leaves the root or cannot be
 * decoded.
 */
export function resolveLink(page: string, href: string): string | null {
  const bare = href.replace(/[#?].*$/s, '');
  if (bare === '') return null;
  let decoded: string;
  try {
    decoded = decodeURI(bare);
  } catch {
    throw new Error('malformed percent-encoding');
  }
  const base = decoded.startsWith('/') ? '' : path.posix.dirname(page);
  const rel = path.posix.normalize(path.posix.join(base, decoded.replace(/^\/+/, '')));
  if (rel === '..' || rel.startsWith('../')) throw new Error('outside the site root');
  return rel === '.' || rel === './' ? '' : rel;
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

/** Whether a resolved link (see resolveLink) names a built file, with cleanUrls. */
export function linkTargetExists(root: string, rel: string): boolean {
  if (rel === '' || rel.endsWith('/')) return isFile(path.join(root, rel, 'index.html'));
  return isFile(path.join(root, rel)) || isFile(path.join(root, `${rel}.html`));
}

/** Checks every internal link of every `.html` file under `root`. */
export function checkLinks(root: string): LinkReport {
  const pages = listFiles(root, (f) => f.endsWith('.html'));
  const broken: BrokenLink[] = [];
  let links = 0;
  for (const page of pages) {
    const html = readFileSync(path.join(root, page), 'utf8');
    for (const href of extractLinks(html)) {
      if (isExternal(href)) continue;
      links++;
      let rel: string | null;
      try {
        rel = resolveLink(page, href);
      } catch (e) {
        broken.push({ page, href, resolved: (e as Error).message });
        continue;
      }
      if (rel !== null && !linkTargetExists(root, rel))
        broken.push({ page, href, resolved: rel || '/' });
    }
  }
  return { pages: pages.length, links, broken };
}
