/// <reference lib="webworker" />
/**
 * The one worker file that loads TensorFlow.js: the conversion (and its check against TF.js) in a
 * worker named 'convert', a TF.js benchmark target in any other. Each worker file is built on its
 * own with its own copy of what it imports, so two TF.js workers put TF.js in dist/ twice (2 MB)
 * and in the offline storage twice; one file keeps one copy, loaded only when TF.js first runs.
 */
import { serveConversion } from './convert.worker';
import { serveTfjsTarget } from './tfjs-bench.worker';

if (self.name === 'convert') serveConversion();
else serveTfjsTarget();
