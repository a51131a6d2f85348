import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/global.css';
import { registerServiceWorker } from './offline/offline-cache';

mount(App, { target: document.getElementById('app')! });
void registerServiceWorker();
