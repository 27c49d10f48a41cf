/**
 * Image files as model inputs: PNG, JPEG and WebP decoded with sharp, resized and
 * centre-cropped as torchvision's evaluation transforms do, and normalised by a preset
 * (`imagenet`, `fashion-mnist`, ...) or your own mean and std. Node.js only (sharp is a
 * native module); `@xai/core`, the methods and the metrics stay engine-neutral.
 *
 * ```ts
 * const { x } = await loadInputs('cat.jpg', model.inputShape, 'imagenet');
 * ```
 */
export { type LoadedInputs, loadInputs } from './load-inputs.js';
export {
  inputDomain,
  normalisePixels,
  type Preprocess,
  type PreprocessFlags,
  type PresetName,
  presets,
  resolvePreprocess,
} from './preprocess.js';
export { type DecodedImage, imageExtensions, readImage } from './read-image.js';
export { readInputFile } from './read-input-file.js';
