/** Opens the panel on the current plan (the crossings' code lens runs it); hidden from the Command Palette. */
export const SHOW_PANEL_COMMAND = 'scalingAssistant.showDecompositionPanel';
