// The production build with one more page: the app as `vite build` makes it, plus the search load
// bench's page (search-load.html), which drives the same search worker bundle the app uses. Only the
// bench builds with this config, into its own folder; the app's build never holds the page.
import { mergeConfig } from 'vite';
import app from '../../vite.config.ts';

export default mergeConfig(app, {
  build: {
    rolldownOptions: {
      input: { index: 'index.html', 'search-load': 'scripts/bench/search-load.html' },
    },
  },
});
