// The production build with one more page: the app as `vite build` makes it, plus the audio bench's
// page (audio.html), which drives the same speech worker bundle the app uses. Only the audio bench and
// the VAD eval build with this config, into their own folder; the app's build never holds the page.
import { mergeConfig } from 'vite';
import app from '../../vite.config.ts';

export default mergeConfig(app, {
  build: {
    rolldownOptions: {
      input: { index: 'index.html', audio: 'scripts/bench/audio.html' },
    },
  },
});
