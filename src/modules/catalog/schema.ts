import { boolean, date, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';

/**
 * The catalog's tables for Drizzle's typed queries. migrations/0002_catalog.sql creates
 * them and stays the source of truth: keep both in step. Columns only SQL uses (search
 * documents) are left out.
 */

export const adminUnits = pgTable('admin_units', {
  code: text('code').primaryKey(),
  level: text('level').$type<'province' | 'commune'>().notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  fullName: text('full_name').notNull(),
  fullNameEn: text('full_name_en').notNull(),
  codeName: text('code_name').notNull(),
  provinceCode: text('province_code'),
});

export const agencies = pgTable('agencies', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  kind: text('kind').notNull(),
  sector: text('sector'),
  parentCode: text('parent_code'),
  provinceCode: text('province_code'),
  communeCode: text('commune_code'),
  address: text('address').notNull(),
  phone: text('phone'),
  email: text('email'),
  website: text('website'),
});

export const fields = pgTable('fields', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  ministryCode: text('ministry_code').notNull(),
});

export const procedures = pgTable('procedures', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull(),
  popular: boolean('popular').notNull(),
  annulledFrom: date('annulled_from', { mode: 'string' }),
  annulmentDecision: jsonb('annulment_decision'),
  currentVersionId: uuid('current_version_id'),
});

export const procedureVersions = pgTable('procedure_versions', {
  id: uuid('id').primaryKey(),
  procedureId: uuid('procedure_id').notNull(),
  version: integer('version').notNull(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
});
