// Nothing here loads the addon: that happens on the first call that needs it.
export {
  ADDON_FILE,
  type AddonCandidate,
  type AddonSearchOptions,
  addonCandidates,
} from './addon-candidates.js';
export { type LoadAddonOptions, loadAddon, loadAddonFrom } from './load-addon.js';
export type {
  NativeAddon,
  NativeDescription,
  NativeDevice,
  NativeKernelFunctions,
  NativeNoise,
  NativeTransfers,
} from './native-addon.js';
export { describeNativeBackend, isNativeAvailable } from './native-backend.js';
export { createNativeKernels } from './native-kernels.js';
export {
  type KernelsChoice,
  type LoadNativeKernelsOptions,
  loadNativeKernels,
  type NativeDeviceChoice,
  type NativeKernels,
  type SelectedKernels,
  selectKernels,
} from './select-kernels.js';
