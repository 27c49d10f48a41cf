/**
 * The sidebar's "Every method" and "Every metric" groups, built from the registries under
 * the family each descriptor declares: one taxonomy with `xai methods`, `xai metrics` and
 * the README, and a new method or metric shows up here (its missing page fails the build).
 */
import { methodFamilies, methodFamilyInfo, metricFamilies } from '@xai/core';
import { methods } from '@xai/methods';
import { metrics } from '@xai/metrics';
import type { DefaultTheme } from 'vitepress';

/** One collapsed group a family (empty families left out), one link a descriptor. */
function groups<F extends string>(
  families: readonly F[],
  items: ReadonlyArray<{ readonly name: string; readonly title: string; readonly family: F }>,
  folder: string,
  heading: (family: F) => string,
): DefaultTheme.SidebarItem[] {
  return families
    .map((family) => ({
      text: heading(family),
      items: items
        .filter((d) => d.family === family)
        .map((d) => ({ text: d.title, link: `/${folder}/${d.name}` })),
    }))
    .filter((g) => g.items.length > 0);
}

export const methodSidebar = (): DefaultTheme.SidebarItem[] =>
  groups(methodFamilies, methods, 'methods', (f) => methodFamilyInfo[f].title);

export const metricSidebar = (): DefaultTheme.SidebarItem[] =>
  groups(metricFamilies, metrics, 'metrics', (f) => f);
