#!/usr/bin/env node
/**
 * The e2e build: `vite build` pointed at the local test hub of this run (scripts/hub-server.mjs,
 * ports from E2E_PORT as playwright.config.ts starts it), so the hub tests download from it and the
 * CSP allows it and nothing else. Extra arguments go to vite (`--logLevel warn`).
 */
import { spawnSync } from 'node:child_process';
import { hubEnvFor } from './hub-server.mjs';

const env = { ...process.env, ...hubEnvFor(process.env.E2E_PORT ?? 4173) };
console.log(`Building for the e2e run: HUB_ENDPOINT=${env.HUB_ENDPOINT} HUB_CDN_ORIGINS=${env.HUB_CDN_ORIGINS}`);
const result = spawnSync('npx', ['vite', 'build', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
