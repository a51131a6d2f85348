/** A photo the user gave (file, drop, paste, sample or camera), as the pages pass it to workers. */
export interface ImageSource {
  blob: Blob;
  name: string;
}
