import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../../platform/i18n/index.js';

/**
 * A section a module above the catalog adds to every procedure's page (the answers given
 * about it): the catalog may not import those modules, so they register here. Drawn from
 * what the module keeps in memory: the page, kept whole (ADR 0012), asks the database
 * nothing more; the module clears kept pages when what it shows changes.
 */
export interface ProcedureExtra {
  /** The section's anchor, in the page's contents. */
  id: string;
  heading: MessageKey;
  /** The section's content for a procedure, or null to leave the section out. */
  render(procedureCode: string): ComponentChildren | null;
}

/** A drawn section, for the page. */
export interface ExtraSection {
  id: string;
  heading: MessageKey;
  content: ComponentChildren;
}

export class ProcedureExtras {
  private readonly extras: ProcedureExtra[] = [];

  add(extra: ProcedureExtra): void {
    this.extras.push(extra);
  }

  sectionsFor(procedureCode: string): ExtraSection[] {
    return this.extras.flatMap(({ id, heading, render }) => {
      const content = render(procedureCode);
      return content === null ? [] : [{ id, heading, content }];
    });
  }
}
