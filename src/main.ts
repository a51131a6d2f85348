import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/global.css';
import { registerServiceWorker } from './offline/offline-cache';

mount(App, { target: document.getElementById('app')! });
void registerServiceWorker();

// `?bench-tfjs`: scripts/bench-tfjs.mjs times each gallery TF.js model against its ONNX conversion.
if (new URLSearchParams(location.search).has('bench-tfjs')) void import('./workers/bench-tfjs-hook').then((m) => m.installBenchTfjsHook());
