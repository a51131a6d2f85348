import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/global.css';
import { registerServiceWorker } from './offline/offline-cache';

// On a first visit the offline worker takes control before the app starts its workers, so that what
// they download is kept as it arrives instead of being downloaded again (a few ms; none on return visits).
await registerServiceWorker();
mount(App, { target: document.getElementById('app')! });

// `?bench-tfjs`: scripts/bench-tfjs.mjs times each gallery TF.js model against its ONNX conversion.
if (new URLSearchParams(location.search).has('bench-tfjs')) void import('./workers/bench-tfjs-hook').then((m) => m.installBenchTfjsHook());
