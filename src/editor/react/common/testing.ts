/** What the integration tests drive the frontend optimizer's editor feature by (ExtensionMode.Test only). */
export interface ReactTestHooks {
  /** Resolves when the visible editors' import-cost decorations are set. */
  importCostsSettled(): Promise<void>;
  /** `line: label` of each import-cost decoration of the document (its URI as a string). */
  importCostLabels(uri: string): string[];
  /** The stamp the editor's workspace index gives a file (its URI as a string); undefined while it is not known. */
  workspaceStamp(uri: string): Promise<string | undefined>;
  /**
   * Reads the frontend optimizer's workspace context again, starting once `gate` settles: until then open documents
   * get the early answer (the findings that need no other file).
   */
  readWorkspaceAgain(gate: Promise<void>): Promise<void>;
}
