/** What this browser offers, detected once per page and shared by the pages that need it. */
import { detectCapabilities, type Capabilities } from '../../engine/backends/detect';

let detected: Promise<Capabilities> | null = null;

export const browserCapabilities = (): Promise<Capabilities> => (detected ??= detectCapabilities());
