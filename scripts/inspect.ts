#!/usr/bin/env -S npx tsx
// Prints an ONNX model's facts, with the same reader the app uses (src/engine/onnx-format).
// Usage: npm run inspect -- <file.onnx> [--json]
import { shapeWarnings } from '../src/engine/onnx-format/shape-warnings';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { readModelInfo, OnnxFormatError, type ModelInfo } from '../src/engine/onnx-format/model-info';
import type { ByteSource } from '../src/engine/onnx-format/byte-source';

async function fileSource(path: string): Promise<{ source: ByteSource; close: () => Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    source: {
      size,
      async read(offset, length) {
        const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        return buffer.subarray(0, bytesRead);
      },
    },
    close: () => handle.close(),
  };
}

const formatBytes = (n: number) => (n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 2 ** 20).toFixed(1)} MB`);
const formatShape = (shape: (number | string | null)[] | null) => (shape ? `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]` : '(unknown rank)');

/** The JSON the issue specifies: these keys, symbolic dimensions as strings. */
export function toInspectJson(info: ModelInfo) {
  return {
    irVersion: info.irVersion,
    opsets: info.opsets,
    producer: info.producer,
    framework: info.framework,
    graphName: info.graphName,
    inputs: info.inputs,
    outputs: info.outputs,
    opHistogram: info.opHistogram,
    nodeCount: info.nodeCount,
    parameterCount: info.parameterCount,
    weightBytes: info.weightBytes,
    weightBytesByDtype: info.weightBytesByDtype,
    fileBytes: info.fileBytes,
    metadata: info.metadata,
    docString: info.docString,
    externalData: info.externalData,
  };
}

function printText(path: string, info: ModelInfo): void {
  const lines = [
    `${basename(path)}  (${formatBytes(info.fileBytes)})`,
    `  framework     ${info.framework}`,
    `  producer      ${info.producer.name} ${info.producer.version}`.trimEnd(),
    `  IR version    ${info.irVersion}`,
    `  opsets        ${Object.entries(info.opsets).map(([d, v]) => `${d} ${v}`).join(', ')}`,
    `  graph         ${info.graphName || '(unnamed)'}`,
    ...(info.docString ? [`  doc           ${info.docString.split('\n')[0].slice(0, 100)}`] : []),
    ...Object.entries(info.metadata).map(([k, v]) => `  meta ${k.padEnd(8)} ${v.slice(0, 100)}`),
    '  inputs',
    ...info.inputs.map((v) => `    ${v.name}: ${v.dtype} ${formatShape(v.shape)}`),
    '  outputs',
    ...info.outputs.map((v) => `    ${v.name}: ${v.dtype} ${formatShape(v.shape)}`),
    `  nodes         ${info.nodeCount}`,
    `  ops           ${Object.entries(info.opHistogram).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${n}`).join(', ')}`,
    `  parameters    ${info.parameterCount.toLocaleString('en')} in ${info.initializerCount} initializers${info.constantTensorCount ? ` and ${info.constantTensorCount} Constant nodes` : ''}, ${formatBytes(info.weightBytes)} (${Object.entries(info.weightBytesByDtype).map(([t, b]) => `${t} ${formatBytes(b)}`).join(', ')})`,
    ...(info.externalData.length ? [`  external data ${[...new Set(info.externalData.map((e) => e.location))].join(', ')}`] : []),
    ...shapeWarnings(info.inputs, info.outputs).map((w) => `  note          ${w}`),
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length !== 1 || files[0].startsWith('-')) {
    console.error('inspect: give one model file. Usage: npm run inspect -- <file.onnx> [--json]');
    return 2;
  }
  const [path] = files;
  let file;
  try {
    file = await fileSource(path);
  } catch (error) {
    console.error(`inspect: cannot open ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    return 1;
  }
  try {
    const info = await readModelInfo(file.source);
    if (json) console.log(JSON.stringify(toInspectJson(info), null, 2));
    else printText(path, info);
    return 0;
  } catch (error) {
    if (error instanceof OnnxFormatError) {
      console.error(`inspect: ${basename(path)}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await file.close();
  }
}

process.exitCode = await main();
