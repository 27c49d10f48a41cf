// Nothing here loads the addon: that happens on the first call that needs it.
export {
  ADDON_FILE,
  type AddonCandidate,
  type AddonSearchOptions,
  addonCandidates,
} from './addon-candidates.js';
export { type LoadAddonOptions, loadAddon, loadAddonFrom } from './load-addon.js';
export type { NativeAddon, NativeDescription } from './native-addon.js';
export { describeNativeBackend, isNativeAvailable } from './native-backend.js';
