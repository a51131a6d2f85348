import { fetchLabelFile } from '../label-file';
import { parseSynsetLabels } from './postprocess';

/** ImageNet class names, one synset line each. */
export const loadLabels = async (file: string) => parseSynsetLabels(await fetchLabelFile(file));
