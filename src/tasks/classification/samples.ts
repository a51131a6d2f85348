/** Sample photos offered for classification (files under `public/samples/`), the ones with reference outputs. */
export interface SamplePhoto {
  file: string;
  title: string;
}

export const SAMPLE_PHOTOS: readonly SamplePhoto[] = [
  { file: 'dog.jpg', title: 'Dog, bicycle and truck' },
  { file: 'eagle.jpg', title: 'Eagle' },
  { file: 'kimono.jpg', title: 'Kimono' },
  { file: 'wolves.jpg', title: 'Wolves' },
  { file: 'cat.jpg', title: 'Cat' },
  { file: 'giraffe.jpg', title: 'Giraffe and zebra' },
  { file: 'horses.jpg', title: 'Horses' },
  { file: 'person.jpg', title: 'Person, dog and horse' },
  { file: 'kite.jpg', title: 'Kite' },
  { file: 'baboon.jpg', title: 'Baboon' },
  { file: 'fruits.jpg', title: 'Fruits' },
];

export const sampleUrl = (file: string) => `${import.meta.env.BASE_URL}samples/${file}`;

/** A small JPEG of the sample, made by the setup script, for the picker. */
export const sampleThumbnailUrl = (file: string) => `${import.meta.env.BASE_URL}samples/thumbs/${file.replace(/\.\w+$/, '.jpg')}`;

/** Fetches a sample photo; the error says how to get the samples when they are missing. */
export async function loadSample(file: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(sampleUrl(file));
  } catch (error) {
    throw new Error(`The sample ${file} could not be loaded (${(error as Error).message}).`);
  }
  if (!response.ok) throw new Error(`The sample ${file} could not be loaded (HTTP ${response.status}). Run \`npm run setup\`.`);
  return response.blob();
}
