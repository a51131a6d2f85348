/**
 * Comlink, set up once for every worker and every page that talks to one: a thrown error keeps its
 * failure kind (src/shared/errors.ts) across the boundary, so callers branch on `kind`, not on text.
 * Comlink's own handler sends only name, message and stack; this adds `kind` and rebuilds the same.
 */
import * as Comlink from 'comlink';

type Serialized = { isError?: boolean; value: Record<string, unknown> };
const base = Comlink.transferHandlers.get('throw')!;

Comlink.transferHandlers.set('throw', {
  canHandle: base.canHandle,
  serialize(thrown) {
    const [serialized, transferables] = base.serialize(thrown) as [Serialized, Transferable[]];
    const kind = ((thrown as { value?: { kind?: unknown } }).value as { kind?: unknown } | undefined)?.kind;
    if (serialized.isError && typeof kind === 'string') serialized.value.kind = kind;
    return [serialized, transferables];
  },
  // Comlink rebuilds an Error from every field sent, `kind` included.
  deserialize: base.deserialize,
});

export * from 'comlink';
