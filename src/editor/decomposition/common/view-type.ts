/** The decomposition panel's view type (package.json: activation event `onWebviewPanel:scalingAssistant.decomposition`). */
export const DECOMPOSITION_VIEW_TYPE = 'scalingAssistant.decomposition';
