// The default theme with the site's own layout rules (custom.css): wider text column on
// wide screens, code and formulas that fit it, readable wide tables.
import DefaultTheme from 'vitepress/theme';
import './custom.css';

export default DefaultTheme;
