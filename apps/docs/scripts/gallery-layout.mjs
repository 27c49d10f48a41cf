// Where the method pages' gallery lives, shared by make-gallery.mjs, method-pages.mjs and
// the docs tests: docs/public/gallery/<model>/<method>/<image>.png, served at /gallery/....
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureImagePaths } from '@xai/fixtures';

export const galleryDir = fileURLToPath(new URL('../../../docs/public/gallery', import.meta.url));

/** Fixture samples shown: a T-shirt, a sandal and a bag (three shapes, three textures). */
export const gallerySamples = [0, 50, 80];

/** The PNG names of the samples shown, e.g. `000-t-shirt-top.png`. */
export function galleryImages() {
  return gallerySamples.map((s) => basename(fixtureImagePaths()[s]));
}

/** The fixture models shown, with their labels: the gallery's rows. */
export const galleryModels = [
  ['cnn', 'CNN'],
  ['resnet', 'ResNet'],
];
