import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { syntheticProcedures } from '../bench/lib/synthetic-catalog.js';
import { SeedProcedureSchema } from '../src/modules/catalog/seed/types.js';
import { loadSeedData } from '../src/modules/catalog/seed/index.js';

describe('synthetic catalog generator (benchmarks only)', () => {
  it('makes valid procedures of any size, in a code range the real catalog never uses', async () => {
    const seed = await loadSeedData();
    const procedures = syntheticProcedures(
      10_000,
      seed.fields.map((f) => f.code),
      seed.centralAgencies.filter((a) => a.kind === 'ministry').map((a) => a.code),
    );
    expect(procedures).toHaveLength(10_000);
    expect(new Set(procedures.map((p) => p.code)).size).toBe(10_000);
    for (const procedure of procedures.slice(0, 500)) {
      expect(Value.Check(SeedProcedureSchema, procedure), procedure.code).toBe(true);
    }
    expect(procedures.every((p) => p.code.startsWith('9.'))).toBe(true);
    expect(seed.procedures.some((p) => p.code.startsWith('9.'))).toBe(false);
    expect(new Set(procedures.map((p) => p.name)).size).toBeGreaterThan(5_000);
  });
});
