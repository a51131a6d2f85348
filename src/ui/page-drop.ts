/**
 * Page-wide drops. Chromium opens a file dropped where no one cancels the drop in the tab, and the
 * app is gone. PageDropGuard (on `window`) cancels every drop; a page that wants drops listens on
 * `document` or an element, which run first, and calls preventDefault to say it took the drop.
 */

import { holdsTfjsModel } from '../engine/tfjs/names';

/**
 * Whether files (by name) are a model rather than photos: an ONNX file, or a TF.js model.json with
 * its shards. A page for photos points these to the Model page instead of failing to decode them.
 */
export const holdsModel = (names: readonly string[]) => holdsTfjsModel(names) || names.some((n) => /\.(onnx|ort)$/i.test(n));

/** Input types whose default drop (inserting the text, or setting the files) is wanted. */
const DROP_INPUT_TYPES = new Set(['text', 'search', 'url', 'email', 'tel', 'password', 'file']);

/** Text fields and file inputs take drops themselves: neither the guard nor a page should cancel those. */
export function takesOwnDrops(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return DROP_INPUT_TYPES.has(target.type);
  return target instanceof HTMLTextAreaElement || target.isContentEditable;
}

/**
 * For a page that takes files dropped anywhere on it: handlers to put on `document` (so they run
 * before the guard). `onFiles` gets the dropped files; `onNothing` is told when a drop held none.
 */
export function pageDropHandlers(onFiles: (files: FileList) => void, onNothing: () => void) {
  const ours = (event: DragEvent) => !event.defaultPrevented && !takesOwnDrops(event.target);
  return {
    ondragover(event: DragEvent) {
      if (!ours(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    },
    ondrop(event: DragEvent) {
      if (!ours(event)) return;
      event.preventDefault();
      if (event.dataTransfer?.files.length) onFiles(event.dataTransfer.files);
      else onNothing();
    },
  };
}
