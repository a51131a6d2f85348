/** Parsed JSON files read field by field (config.json, tokenizer_config.json...), whatever they hold. */
export type JsonObject = Record<string, unknown>;

/** `value` when it is a JSON object, else an empty one: a missing or malformed section reads as absent. */
export const jsonObject = (value: unknown): JsonObject => (value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {});
