import { tick } from 'svelte';

/**
 * On a phone a page's result sits below its inputs: what appears there after the user acted is
 * scrolled into view (the card's top at the top), unless `target` (or the card) is already in view.
 */
export function revealIfHidden(card: HTMLElement, selector?: string): void {
  void tick().then(() => {
    const box = ((selector && card.querySelector(selector)) || card).getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= innerHeight) return;
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    card.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
  });
}
