/**
 * onnxruntime-web writes its native log to the console. To learn where nodes were placed we turn the
 * log up during session creation and read it, and keep those lines out of the user's console.
 */
import type { Ort } from './runtime';

// "2026-11-25 11:42:25.105634 [V:onnxruntime:, session_state.cc:1377 VerifyEachNodeIsAssignedToAnEp] Node placements",
// warnings with an ANSI colour prefix, and the WebGPU EP's shader dumps at verbose level.
const ORT_LINE = /^(\x1b\[[\d;]*m)?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \[[VIWEF]:onnxruntime:|^=== WebGPU Shader code/;

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Whether a console message is onnxruntime's own log output. */
export const isOrtLogLine = (text: string) => ORT_LINE.test(text);

/** Runs `work` with ORT's log at verbose level and returns the ORT log lines it printed. */
export async function captureOrtLog<T>(ort: Ort, work: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const originals = new Map(METHODS.map((m) => [m, console[m]] as const));
  for (const method of METHODS) {
    const original = originals.get(method)!;
    console[method] = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      // While ORT logs verbosely, everything this worker prints is ORT's (shader dumps span lines).
      lines.push(text);
      if (!ORT_LINE.test(text) && method !== 'error' && method !== 'log') original.apply(console, args);
    };
  }
  const level = ort.env.logLevel;
  ort.env.logLevel = 'verbose';
  try {
    return { value: await work(), lines };
  } finally {
    ort.env.logLevel = level;
    for (const [method, original] of originals) console[method] = original;
  }
}
