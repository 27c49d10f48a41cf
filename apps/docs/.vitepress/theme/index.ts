// The default theme with the site's own layout rules (custom.css): wider text column on
// wide screens, code and formulas that fit it, readable wide tables; and the live
// playground (docs/playground.md, and the method pages' "run it here").
import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import Playground from './playground/Playground.vue';
import './custom.css';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('XaiPlayground', Playground);
  },
};

export default theme;
