#!/usr/bin/env node
// Fills public/models, public/samples, public/labels (and tests/reference) with the files listed in
// assets.manifest.json: copied from a local mirror when one is found, else downloaded from the
// upstream address; every file is checked against its sha256. Files already present and correct are
// skipped, so this is cheap to run on every `npm install`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve, isAbsolute } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'assets.manifest.json'), 'utf8'));

/** Where a mirror of ../shared/assets may be: explicit, beside this checkout, or beside the checkout it was cloned from. */
export function findMirror() {
  const candidates = [];
  if (process.env.ONNX_PLAYGROUND_ASSETS) candidates.push(resolve(process.env.ONNX_PLAYGROUND_ASSETS));
  candidates.push(resolve(root, '..', 'shared', 'assets'));
  try {
    const origin = execFileSync('git', ['-C', root, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).trim();
    const originPath = origin.startsWith('file://') ? fileURLToPath(origin) : origin;
    if (isAbsolute(originPath)) candidates.push(resolve(originPath, '..', 'shared', 'assets'));
  } catch {
    // not a git checkout, or no origin: only the other candidates apply
  }
  return candidates.find((dir) => existsSync(join(dir, 'MANIFEST.json'))) ?? null;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function download(url) {
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return Buffer.from(await response.arrayBuffer());
}

async function main() {
  const mirror = findMirror();
  const quiet = process.argv.includes('--quiet');
  const log = (line) => quiet || console.log(line);
  log(mirror ? `assets: using the local mirror ${mirror}` : 'assets: no local mirror found, downloading from upstream');
  const failures = [];
  let copied = 0, present = 0;
  for (const entry of manifest.files) {
    const destination = join(root, manifest.destinations[entry.kind], entry.file);
    if (existsSync(destination) && sha256(readFileSync(destination)) === entry.sha256) {
      present++;
      continue;
    }
    mkdirSync(dirname(destination), { recursive: true });
    let bytes = null;
    const problems = [];
    const packaged = entry.package && join(root, 'node_modules', entry.package);
    const mirrored = mirror && join(mirror, manifest.mirrorSubdirs[entry.kind], entry.file);
    if (packaged && existsSync(packaged)) {
      bytes = readFileSync(packaged);
      if (sha256(bytes) !== entry.sha256) {
        problems.push(`the npm package's copy ${packaged} has the wrong sha256`);
        bytes = null;
      }
    } else if (mirrored && existsSync(mirrored)) {
      bytes = readFileSync(mirrored);
      if (sha256(bytes) !== entry.sha256) {
        problems.push(`the mirror's copy ${mirrored} has the wrong sha256`);
        bytes = null;
      }
    } else if (mirror && !packaged) {
      problems.push(`not in the mirror ${mirror}`);
    }
    if (!bytes && entry.upstream) {
      try {
        const fetched = await download(entry.upstream);
        if (sha256(fetched) === entry.sha256) bytes = fetched;
        else problems.push(`the download from ${entry.upstream} has the wrong sha256`);
      } catch (error) {
        problems.push(`download from ${entry.upstream} failed (${error.cause?.code ?? error.message})`);
      }
    } else if (!bytes) {
      problems.push('it has no upstream address (derived file: only the mirror has it)');
    }
    if (!bytes) {
      failures.push({ entry, problems });
      continue;
    }
    // Write then rename, so an interrupted run never leaves a half file that looks present.
    writeFileSync(destination + '.part', bytes);
    renameSync(destination + '.part', destination);
    copied++;
  }
  log(`assets: ${copied} fetched, ${present} already present and verified`);
  await makeThumbnails(log);
  const required = failures.filter((f) => !f.entry.optional);
  for (const { entry, problems } of failures) {
    const level = entry.optional ? 'warning' : 'error';
    console.error(`assets ${level}: cannot get ${manifest.destinations[entry.kind]}/${entry.file}: ${problems.join('; ')}`);
  }
  if (required.length > 0) {
    console.error('assets: set ONNX_PLAYGROUND_ASSETS to a folder holding a copy of the shared assets, or run with internet access.');
    process.exit(1);
  }
}

/**
 * Small copies of the sample photos for the picker: decoding eleven full-size photos for 64-pixel
 * buttons kept the page's main thread busy for over 200 ms.
 */
const THUMBNAIL_WIDTH = 128;
async function makeThumbnails(log) {
  const samples = join(root, manifest.destinations.samples);
  const thumbs = join(samples, 'thumbs');
  mkdirSync(thumbs, { recursive: true });
  const { default: sharp } = await import('sharp');
  let made = 0;
  for (const entry of manifest.files.filter((f) => f.kind === 'samples')) {
    const source = join(samples, entry.file);
    const thumb = join(thumbs, entry.file.replace(/\.\w+$/, '.jpg'));
    if (!existsSync(source) || existsSync(thumb)) continue;
    await sharp(source).resize({ width: THUMBNAIL_WIDTH }).jpeg({ quality: 80 }).toFile(thumb);
    made++;
  }
  if (made) log(`assets: ${made} sample thumbnails made`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
