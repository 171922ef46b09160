// Entry point of the main thread: mounts the UI. Nothing here loads a model or parses a file;
// that work lives in workers created on demand by the supervisor (src/services).
import { mount } from 'svelte';
import App from './App.svelte';
import './ui/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('ThinkBank: #app element missing from index.html');

export default mount(App, { target });
