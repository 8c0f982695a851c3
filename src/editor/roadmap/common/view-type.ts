/** The roadmap panel's view type (package.json: activation event `onWebviewPanel:scalingAssistant.roadmap`). */
export const ROADMAP_VIEW_TYPE = 'scalingAssistant.roadmap';
