import type { CatalogService } from '../catalog/index.js';

/** A procedure or an agency as ratings name them. */
export interface Named {
  code: string;
  name: string;
  nameEn: string;
}

/**
 * The catalog's names of procedures and agencies (kept by the catalog itself); a code the
 * catalog does not know is shown as it is.
 */
export class Names {
  constructor(private readonly catalog: CatalogService) {}

  async procedure(code: string): Promise<Named> {
    const found = await this.catalog.getProcedure(code).catch(() => null);
    return found
      ? { code, name: found.name, nameEn: found.nameEn }
      : { code, name: code, nameEn: code };
  }

  async agency(code: string): Promise<Named> {
    const found = await this.catalog.agency(code).catch(() => null);
    return found
      ? { code, name: found.name, nameEn: found.nameEn }
      : { code, name: code, nameEn: code };
  }

  /** Several procedures' names at once, by code. */
  async procedures(codes: string[]): Promise<Map<string, Named>> {
    const unique = [...new Set(codes)];
    return new Map(
      await Promise.all(unique.map(async (c) => [c, await this.procedure(c)] as const)),
    );
  }
}
