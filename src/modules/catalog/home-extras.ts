import type { ComponentChildren } from 'preact';

/**
 * A section a module above the catalog adds to the home page (the monitoring index's live
 * figures): the catalog may not import those modules, so they register here. The home page
 * is kept whole (ADR 0012); a section that changes sooner than the catalog says while it is
 * still what the page should show, and a kept page is drawn again once it is not.
 */
export interface HomeExtra {
  /** The section's id (its anchor). */
  id: string;
  /** The section now, or null to leave it out. */
  load(): Promise<HomeSection | null>;
}

export interface HomeSection {
  content: ComponentChildren;
  /** Whether what was loaded is still current; without it, it is as long as the page. */
  current?: () => boolean;
}

/** The drawn sections, and while a page showing them may be shown again as it is. */
export interface LoadedSections {
  sections: { id: string; content: ComponentChildren }[];
  current: () => boolean;
  /** What failed to load, for the log. */
  errors: unknown[];
}

export class HomeExtras {
  private readonly extras: HomeExtra[] = [];

  add(extra: HomeExtra): void {
    this.extras.push(extra);
  }

  /**
   * Every section, loaded together. One that fails is left out of this drawing only (the
   * home page must not fail for a figure), and the page is then not shown again as kept.
   */
  async load(): Promise<LoadedSections> {
    const loaded = await Promise.all(
      this.extras.map(async ({ id, load }) => {
        try {
          const section = await load();
          return { id, section, error: null };
        } catch (error) {
          return { id, section: null, error: error ?? new Error(`home section ${id} failed`) };
        }
      }),
    );
    const checks = loaded.flatMap(({ section }) => (section?.current ? [section.current] : []));
    const errors = loaded.flatMap(({ error }) => (error === null ? [] : [error]));
    const failed = errors.length > 0;
    return {
      errors,
      sections: loaded.flatMap(({ id, section }) =>
        section ? [{ id, content: section.content }] : [],
      ),
      current: () => !failed && checks.every((check) => check()),
    };
  }
}
