/** What every plan rule's page says about where its numbers come from. */
export const measuredNote = `
The finding comes from \`EXPLAIN (ANALYZE)\` of the statement in the sandbox (embedded PostgreSQL on synthetic
rows, the \`scalingAssistant.sql.sandbox.rows\` setting) or on the configured database, when you run *Optimize SQL Query*.
The numbers in the message are measured there; on your production data the plan may differ.`;
