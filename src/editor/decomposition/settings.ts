import * as vscode from 'vscode';
import type { Weights } from './common/messages';
import { MAX_SERVICES, WEIGHT_KEYS, WEIGHT_RANGE } from './common/messages';

/** `scalingAssistant.decomposition.*` as the planner's caller uses them. */
export interface DecompositionSettings {
  enabled: boolean;
  /** Only the weights the user set; the planner's defaults fill the rest. */
  weights: Partial<Weights>;
  services?: number;
  diagnostics: boolean;
}

/**
 * Reads the settings of the folder being decomposed; a value out of range or of the wrong type is left out
 * (the planner's default applies), as package.json's schema already warns in the settings editor.
 */
export function decompositionSettings(scope?: vscode.Uri): DecompositionSettings {
  const config = vscode.workspace.getConfiguration('scalingAssistant.decomposition', scope);
  const raw = config.get<unknown>('weights');
  const weights: Partial<Weights> = {};
  if (typeof raw === 'object' && raw !== null)
    for (const key of WEIGHT_KEYS) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'number' && value >= WEIGHT_RANGE.min && value <= WEIGHT_RANGE.max) weights[key] = value;
    }
  const services = config.get<unknown>('services');
  return {
    enabled: config.get<boolean>('enabled', true) !== false,
    weights,
    services:
      typeof services === 'number' && Number.isInteger(services) && services >= 1 && services <= MAX_SERVICES
        ? services
        : undefined,
    diagnostics: config.get<boolean>('diagnostics', true) !== false,
  };
}
