/**
 * Protocol-buffer wire format, read two ways: `MessageReader` parses a small message already in
 * memory; `StreamReader` walks a large one (a graph with its weights) through a window over a
 * ByteSource, so length-delimited fields it does not need are skipped without being read.
 */
import { Failure } from '../../shared/errors';
import { grouped } from '../../shared/numbers';
import type { ByteSource } from './byte-source';

export const enum Wire {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

/** A parse problem, with the byte offset where it was found. */
export class OnnxFormatError extends Failure {
  override name = 'OnnxFormatError';
  constructor(message: string) {
    super('bad-input', message);
  }
}

export class TruncatedError extends OnnxFormatError {
  override name = 'TruncatedError';
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class MessageReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
    /** Offset of buf[0] in the file, for error messages. */
    readonly base = 0,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new TruncatedError(`a number is cut off at byte ${grouped(this.base + this.pos)}`);
      const byte = this.buf[this.pos++];
      // Up to 2^53 exactly; larger values (never sizes or counts) lose precision, which is harmless here.
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
    throw new OnnxFormatError(`a number longer than 10 bytes at byte ${grouped(this.base + this.pos)}`);
  }

  /** int64 fields as signed numbers (negative values are 10-byte two's complement on the wire). */
  int64(): number {
    const start = this.pos;
    const value = this.varint();
    if (value < 2 ** 53) return value;
    // Too big for a double to hold exactly: decode again with BigInt to keep negatives exact.
    let big = 0n;
    for (let i = start, shift = 0n; i < this.pos; i++, shift += 7n) big |= BigInt(this.buf[i] & 0x7f) << shift;
    return Number(BigInt.asIntN(64, big));
  }

  tag(): { field: number; wire: Wire } {
    const key = this.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0 || (wire !== 0 && wire !== 1 && wire !== 2 && wire !== 5)) {
      throw new OnnxFormatError(`invalid protobuf field (key ${key}) at byte ${grouped(this.base + this.pos)}`);
    }
    return { field, wire: wire as Wire };
  }

  length(): number {
    const n = this.varint();
    if (this.pos + n > this.end) {
      throw new TruncatedError(`a field of ${grouped(n)} bytes at byte ${grouped(this.base + this.pos)} runs past the end of its message (${grouped(this.end - this.pos)} bytes left)`);
    }
    return n;
  }

  bytes(): Uint8Array {
    const n = this.length();
    const value = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return value;
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  /** A sub-message as its own reader. */
  message(): MessageReader {
    const n = this.length();
    const sub = new MessageReader(this.buf, this.pos, this.pos + n, this.base);
    this.pos += n;
    return sub;
  }

  /** Packed or unpacked repeated varints. */
  varints(wire: Wire, into: number[], signed = false): void {
    if (wire === Wire.Bytes) {
      const sub = this.message();
      while (!sub.done) into.push(signed ? sub.int64() : sub.varint());
    } else {
      into.push(signed ? this.int64() : this.varint());
    }
  }

  skip(wire: Wire): void {
    switch (wire) {
      case Wire.Varint:
        this.varint();
        return;
      case Wire.Fixed64:
        this.advance(8);
        return;
      case Wire.Fixed32:
        this.advance(4);
        return;
      case Wire.Bytes:
        this.advance(this.length());
        return;
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new TruncatedError(`the message is cut off at byte ${grouped(this.base + this.end)}`);
    this.pos += n;
  }
}

/** Reads a huge message field by field through a sliding window. */
export class StreamReader {
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;
  pos: number;

  constructor(
    private readonly source: ByteSource,
    start: number,
    readonly end: number,
    private readonly windowSize = 1 << 20,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Makes [pos, pos + n) available in the window (n is capped at what is left). */
  private async ensure(n: number): Promise<void> {
    const need = Math.min(n, this.end - this.pos);
    if (this.pos >= this.windowStart && this.pos + need <= this.windowStart + this.window.length) return;
    // Never past this message's end: what follows belongs to its parent, which reads it if it needs it.
    const length = Math.min(Math.max(need, this.windowSize), this.end - this.pos);
    this.window = await this.source.read(this.pos, length);
    this.windowStart = this.pos;
    if (this.window.length < need) throw new TruncatedError(`the file ends at byte ${grouped(this.source.size)}, inside a field that needs ${grouped(need)} bytes from byte ${grouped(this.pos)}`);
  }

  private async sync<T>(n: number, read: (r: MessageReader) => T): Promise<T> {
    await this.ensure(n);
    const reader = new MessageReader(this.window, this.pos - this.windowStart, Math.min(this.window.length, this.end - this.windowStart), this.windowStart);
    const value = read(reader);
    this.pos = this.windowStart + reader.pos;
    return value;
  }

  tag(): Promise<{ field: number; wire: Wire }> {
    return this.sync(20, (r) => r.tag());
  }

  varint(): Promise<number> {
    return this.sync(10, (r) => r.varint());
  }

  int64(): Promise<number> {
    return this.sync(10, (r) => r.int64());
  }

  /** The length prefix of a length-delimited field, checked against the end of this message. */
  async length(): Promise<number> {
    const n = await this.varint();
    if (this.pos + n > this.end) {
      throw new TruncatedError(`a field of ${grouped(n)} bytes at byte ${grouped(this.pos)} runs past the end (${grouped(this.end - this.pos)} bytes left)`);
    }
    return n;
  }

  /** A length-delimited field small enough to parse in memory: from the window when it lies there, else read. */
  async message(): Promise<MessageReader> {
    const n = await this.length();
    const at = this.pos - this.windowStart;
    if (at >= 0 && at + n <= this.window.length) {
      const reader = new MessageReader(this.window, at, at + n, this.windowStart);
      this.pos += n;
      return reader;
    }
    const bytes = await this.source.read(this.pos, n);
    if (bytes.length < n) throw new TruncatedError(`the file ends inside a field at byte ${grouped(this.pos)}`);
    const reader = new MessageReader(bytes, 0, n, this.pos);
    this.pos += n;
    return reader;
  }

  /** A length-delimited field to walk in turn without loading it; `windowSize`: how much it reads at a time. */
  async stream(windowSize = this.windowSize): Promise<StreamReader> {
    const n = await this.length();
    const sub = new StreamReader(this.source, this.pos, this.pos + n, windowSize);
    this.pos += n;
    return sub;
  }

  async skip(wire: Wire): Promise<void> {
    if (wire === Wire.Bytes) {
      // Not `this.pos += await ...`: that would read pos before the length prefix advanced it.
      const n = await this.length();
      this.pos += n; // the bytes themselves are never read
      return;
    }
    await this.sync(10, (r) => r.skip(wire));
  }
}
