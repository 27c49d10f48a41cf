// The default theme with the site's own layout rules (custom.css): wider text column on
// wide screens, code and formulas that fit it, readable wide tables; and the live
// playground (docs/playground.md, and "Run it here" under the method pages' examples).
import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import { h } from 'vue';
import XaiPlayground from './playground/XaiPlayground.vue';
import XaiRunItHere from './playground/XaiRunItHere.vue';
import './custom.css';

const theme: Theme = {
  extends: DefaultTheme,
  Layout: () => h(DefaultTheme.Layout, null, { 'doc-after': () => h(XaiRunItHere) }),
  enhanceApp({ app }) {
    app.component('XaiPlayground', XaiPlayground);
  },
};

export default theme;
