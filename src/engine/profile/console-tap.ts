/**
 * The WASM runtime prints the session profile through `console.log`, which Emscripten binds once,
 * when the runtime is created (`console.log.bind(console)`): a patch installed later never sees it.
 * So the profile worker installs this tap before it loads onnxruntime-web and keeps it for its life;
 * while recording, the profile's lines are kept and kept out of the console.
 */
import { isProfileLine } from './events';

export interface ConsoleTap {
  /** Starts keeping the profile's lines (drops what an earlier recording kept). */
  record(): void;
  /** Stops and returns the kept lines. */
  take(): string[];
}

export function tapConsoleLog(): ConsoleTap {
  const original = console.log;
  let kept: string[] | null = null;
  console.log = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (kept && isProfileLine(text)) kept.push(text);
    else original.apply(console, args);
  };
  return {
    record: () => void (kept = []),
    take: () => {
      const lines = kept ?? [];
      kept = null;
      return lines;
    },
  };
}
