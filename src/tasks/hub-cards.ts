/**
 * The gallery's text cards: named Hugging Face hub models, loaded on first use (listed when the card
 * is opened, downloaded when asked, then kept in the browser). One entry each, rendered by one panel
 * (src/ui/components/gallery/HubTextPanel.svelte); which task answers comes from the repository's
 * own config.json (src/tasks/text-model.ts), and must be the card's.
 */
import { defaultVariant, type ModelVariant, type VariantName } from '../engine/hub/variants';
import type { TextTaskKind } from './text-model';

export interface HubTextCard {
  /** Stable id (element ids, tests). */
  id: string;
  /** The card's heading. */
  title: string;
  /** What it does, in a sentence. */
  about: string;
  task: TextTaskKind;
  /** The hub repository (`owner/name`) and its revision: `main` unless a commit is known. */
  repo: string;
  revision: string;
  /** The variants it opens, the first listed winning: q8 first, for a fast first answer. */
  variants: readonly VariantName[];
}

export const HUB_TEXT_CARDS: readonly HubTextCard[] = [
  {
    id: 'sentiment',
    title: 'Sentiment',
    about: 'Is a sentence positive or negative? A DistilBERT fine-tuned on movie reviews (SST-2).',
    task: 'text-classification',
    repo: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
    revision: 'main',
    variants: ['q8', 'fp32'],
  },
  {
    id: 'similarity',
    title: 'Sentence similarity',
    about: 'How close in meaning are two sentences? MiniLM sentence embeddings, mean-pooled, compared by cosine.',
    task: 'feature-extraction',
    repo: 'Xenova/all-MiniLM-L6-v2',
    revision: 'main',
    variants: ['q8', 'fp32'],
  },
];

/** The variant a card opens: the first of its own list the repository has, else the repository's default. */
export function cardVariant(card: Pick<HubTextCard, 'variants'>, listed: readonly ModelVariant[]): ModelVariant | undefined {
  for (const name of card.variants) {
    const found = listed.find((v) => v.name === name);
    if (found) return found;
  }
  return defaultVariant(listed);
}
