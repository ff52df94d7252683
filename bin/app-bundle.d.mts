/** The project's root, and where its bundles go. */
export interface BundlePlaces {
  root: string;
  cache: string;
}

/** The current bundle's file, or null when there is none or it was made from other sources. */
export function currentBundle(places: BundlePlaces): Promise<string | null>;

/** Makes the bundle of src/main.ts and answers its file. */
export function buildBundle(places: BundlePlaces): Promise<string>;
