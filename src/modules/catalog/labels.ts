import type { MessageKey, Translate } from '../../platform/i18n/index.js';
import type { ChannelJson } from './repository.js';

/** Message keys for the catalog's enumerations, so pages never spell them out. */
export const levelLabel = (level: string) => `level.${level}` as MessageKey;
export const serviceLevelLabel = (value: string) => `serviceLevel.${value}` as MessageKey;
export const targetLabel = (value: string) => `target.${value}` as MessageKey;
export const channelLabel = (value: string) => `channel.${value}` as MessageKey;
export const kindLabel = (value: string) => `procedureKind.${value}` as MessageKey;
export const agencyKindLabel = (value: string) => `agencyKind.${value}` as MessageKey;

export function timeLimitText(t: Translate, limit: ChannelJson['timeLimit']): string {
  return t(`timeUnit.${limit.unit}` as MessageKey, { value: limit.value });
}

export const LEVELS = ['central', 'province', 'commune'] as const;
export const SERVICE_LEVELS = ['full_online', 'partial_online', 'information'] as const;
export const TARGETS = ['citizen', 'business'] as const;

export const serviceLevelTone = (value: string) =>
  value === 'full_online' ? 'success' : value === 'partial_online' ? 'info' : 'neutral';
